package io.github.hrwebhookhub.config;

/** Configuration values that still hold a {@code ${...}} placeholder: a variable they name was not set. */
public final class Placeholders {

    private Placeholders() {
    }

    public static boolean unresolved(String value) {
        return value != null && value.contains("${") && value.contains("}");
    }
}
