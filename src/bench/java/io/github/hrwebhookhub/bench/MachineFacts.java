package io.github.hrwebhookhub.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Facts about the machine the benchmark runs on, for the report: cores, total memory and how many durable 4 KB writes
 * (write, then {@link FileChannel#force force(true)}) the disk under the build directory takes per second.
 *
 * @param cores           processors available to this JVM
 * @param memoryMb        MemTotal from /proc/meminfo, in MB (0 if unreadable)
 * @param fsyncsPerSecond appended 4 KB blocks each forced to disk, per second, over about one second (0 if it failed)
 */
record MachineFacts(int cores, long memoryMb, long fsyncsPerSecond) {

    private static final int BLOCK_BYTES = 4096;

    /** Measures the machine; the fsync test writes a scratch file in {@code dir} and deletes it. */
    static MachineFacts measure(Path dir) {
        return new MachineFacts(Runtime.getRuntime().availableProcessors(), totalMemoryMb(), fsyncsPerSecond(dir));
    }

    private static long totalMemoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: unknown
        }
        return 0;
    }

    private static long fsyncsPerSecond(Path dir) {
        Path file = null;
        try {
            file = Files.createTempFile(dir, "fsync-", ".bin");
            return forcedWritesPerSecond(file);
        } catch (IOException e) {
            return 0;
        } finally {
            deleteQuietly(file);
        }
    }

    private static long forcedWritesPerSecond(Path file) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(BLOCK_BYTES);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(1);
            long count = 0;
            while (System.nanoTime() < end) {
                block.clear();
                while (block.hasRemaining()) {
                    channel.write(block);
                }
                channel.force(true);
                count++;
            }
            return Math.round(count / ((System.nanoTime() - start) / 1e9));
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a scratch file under target/
        }
    }
}
