package io.github.hrwebhookhub.support;

import java.io.IOException;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Fresh databases with the hub's migrations applied, for tests of the stores without a Spring context: an in-memory
 * H2 database, or a new schema on one embedded PostgreSQL server shared by the test class (close it in
 * {@code @AfterAll}).
 */
public final class MigratedDatabases implements AutoCloseable {

    private EmbeddedPostgres postgres;

    /** The database names {@link #create} takes, for {@code @MethodSource}. */
    public static Stream<String> names() {
        return Stream.of("h2", "postgresql");
    }

    /** A new, migrated database: {@code h2} or {@code postgresql}. */
    public DataSource create(String database) throws IOException {
        DataSource dataSource;
        if (database.equals("h2")) {
            dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        } else {
            if (postgres == null) {
                postgres = EmbeddedPostgres.start();
            }
            String schema = "test_" + UUID.randomUUID().toString().replace("-", "");
            new JdbcTemplate(postgres.getPostgresDatabase()).execute("CREATE SCHEMA " + schema);
            dataSource = new DriverManagerDataSource(postgres.getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema);
        }
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/common", "classpath:db/migration/" + database)
                .load().migrate();
        return dataSource;
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
