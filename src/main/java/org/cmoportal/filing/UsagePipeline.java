package org.cmoportal.filing;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a usage file on the calling thread while a second thread adds its lines up and sends them to COPY.
 *
 * <p>The reader (strict UTF-8, CSV, every check, the file's SHA-256 and the units per category) runs where the bytes
 * arrive, on the request's thread; each valid line is packed into a batch, and full batches go through a bounded
 * queue to the other thread, which keeps the {@link UsageCombiner} and the {@link UsageStaging} COPY. Both cores
 * work at once, and at most {@value #QUEUED} batches of {@value #BATCH} bytes are in flight, so memory does not grow
 * with the file. A problem in the file stops the hand-over and cancels the COPY; a failure on either side stops both,
 * and the caller sees the first cause, with the COPY cancelled.
 */
final class UsagePipeline {

    static final int BATCH = 1 << 16;
    static final int QUEUED = 8;
    /** A line in a batch: category (2 bytes), ref length (2), units (8), then the ref's bytes. */
    private static final int LINE_HEAD = 12;
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private static final byte[] END = new byte[0];
    private static final byte[] ABANDON = new byte[0];

    private static final AtomicInteger THREADS = new AtomicInteger();
    /** The second threads, one per upload being read; they end when idle. */
    private static final ExecutorService COMBINERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "usage-combine-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** Where the added-up lines go: {@link UsageStaging}'s COPY. */
    interface Target extends UsageCsvReader.Sink {
        /** Ends the COPY; returns the rows written. */
        long finish() throws IOException, SQLException;

        /** Abandons the COPY if it is still open. */
        void cancel() throws SQLException;
    }

    /**
     * What the pass gave: the reader's result; whether every pair was staged exactly once; the rows staged; and, when
     * every pair fitted in the combiner, that combiner ({@code held}), its pairs grouped by category,
     * and not staged at all: they go straight into the usage table once its owner has an id
     * ({@link UsageStaging#aggregateInto}), which spares the database writing and reading them a second time.
     */
    record Outcome(UsageCsvReader.Result read, boolean pairsUnique, long rowsStaged, UsageCombiner held) {
        Outcome(UsageCsvReader.Result read, boolean pairsUnique, long rowsStaged) {
            this(read, pairsUnique, rowsStaged, null);
        }
    }

    private UsagePipeline() {
    }

    /**
     * Reads {@code in} with {@code reader}; while the file has no problem, its lines are added up by a combiner of at
     * most {@code maxPairs} pairs on a second thread and written to {@code staging}, whose COPY that thread ends
     * (file accepted) or cancels (file refused, or a failure).
     */
    static Outcome run(InputStream in, UsageCsvReader reader, Target staging, int maxPairs)
            throws IOException, SQLException {
        int categories = reader.categories().size();
        BlockingQueue<byte[]> full = new ArrayBlockingQueue<>(QUEUED + 1);
        BlockingQueue<byte[]> empty = new ArrayBlockingQueue<>(QUEUED + 2);
        UsageCombiner combiner = new UsageCombiner(staging, maxPairs);
        Future<Long> consumer = COMBINERS.submit(() -> combineAndCopy(full, empty, combiner, staging, categories));
        HandOver handOver = new HandOver(full, empty, consumer);
        UsageCsvReader.Result read;
        try {
            read = reader.read(in, handOver);
            if (read.ok()) {
                handOver.send();
                handOver.put(END);
            }
        } catch (IOException | RuntimeException | Error e) {
            abandon(handOver, consumer);
            if (consumer.isDone() && !consumer.isCancelled()) {
                rethrowFailure(consumer, e); // the second thread's failure is why the hand-over stopped
            }
            throw e;
        }
        if (!read.ok()) {
            abandon(handOver, consumer);
            return new Outcome(read, false, 0);
        }
        long rows = join(consumer);
        return combiner.wroteOutEarly() ? new Outcome(read, false, rows) : new Outcome(read, true, rows, combiner);
    }

    /** The second thread: adds the lines up and sends them to COPY, until told the file ended or was refused. */
    private static long combineAndCopy(BlockingQueue<byte[]> full, BlockingQueue<byte[]> empty, UsageCombiner combiner,
            Target staging, int categories) throws Exception {
        int[] category = new int[UsageCombiner.GROUP];
        int[] offset = new int[UsageCombiner.GROUP];
        int[] length = new int[UsageCombiner.GROUP];
        long[] units = new long[UsageCombiner.GROUP];
        try {
            while (true) {
                byte[] batch = full.take();
                if (batch == END) {
                    if (combiner.wroteOutEarly()) {
                        combiner.flush(); // the database adds these up again, in an order of its own
                    } else {
                        // held, each pair once: inserted once the owner has its id, a category a statement
                        combiner.groupByCategory(categories);
                    }
                    return staging.finish();
                }
                if (batch == ABANDON) {
                    staging.cancel();
                    return -1L;
                }
                int used = (int) INT.get(batch, 0);
                for (int at = 4; at < used;) {
                    int count = 0;
                    for (; count < UsageCombiner.GROUP && at < used; count++) {
                        category[count] = (short) SHORT.get(batch, at);
                        length[count] = (short) SHORT.get(batch, at + 2) & 0xFFFF;
                        units[count] = (long) LONG.get(batch, at + 4);
                        offset[count] = at + LINE_HEAD;
                        at += LINE_HEAD + length[count];
                    }
                    combiner.acceptAll(count, category, batch, offset, length, units);
                }
                empty.offer(batch);
            }
        } catch (Exception | Error e) {
            try {
                staging.cancel();
            } catch (SQLException | RuntimeException cancel) {
                e.addSuppressed(cancel);
            }
            throw e;
        }
    }

    /** Tells the second thread to cancel the COPY and waits until it has; its own failure, if any, is not the point. */
    private static void abandon(HandOver handOver, Future<Long> consumer) throws IOException {
        try {
            handOver.put(ABANDON);
        } catch (IOException e) {
            // the second thread has already stopped
        }
        try {
            consumer.get();
        } catch (ExecutionException e) {
            // the refusal or the first failure is what the caller reports
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            consumer.cancel(true);
            throw new IOException("interrupted while the usage was being staged", e);
        }
    }

    private static long join(Future<Long> consumer) throws IOException, SQLException {
        try {
            return consumer.get();
        } catch (ExecutionException e) {
            rethrowFailure(consumer, e);
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            consumer.cancel(true);
            throw new IOException("interrupted while the usage was being staged", e);
        }
    }

    private static void rethrowFailure(Future<Long> consumer, Throwable context) throws IOException, SQLException {
        Throwable cause;
        try {
            consumer.get(0, TimeUnit.SECONDS);
            return;
        } catch (ExecutionException e) {
            cause = e.getCause();
        } catch (Exception e) {
            return;
        }
        if (cause != context && context != null && !(context instanceof ExecutionException)) {
            cause.addSuppressed(context);
        }
        if (cause instanceof IOException io) {
            throw io;
        }
        if (cause instanceof SQLException sql) {
            throw sql;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        throw new IOException("staging the usage failed", cause);
    }

    /** The reader's side: packs valid lines into batches and hands full ones over. */
    private static final class HandOver implements UsageCsvReader.Sink {

        private final BlockingQueue<byte[]> full;
        private final BlockingQueue<byte[]> empty;
        private final Future<Long> consumer;
        private byte[] batch = new byte[BATCH];
        private int fill = 4;
        private int allocated = 1;

        HandOver(BlockingQueue<byte[]> full, BlockingQueue<byte[]> empty, Future<Long> consumer) {
            this.full = full;
            this.empty = empty;
            this.consumer = consumer;
        }

        @Override
        public void accept(int category, byte[] ref, int offset, int length, long units) throws IOException {
            if (fill + LINE_HEAD + length > BATCH) {
                send();
            }
            SHORT.set(batch, fill, (short) category);
            SHORT.set(batch, fill + 2, (short) length);
            LONG.set(batch, fill + 4, units);
            System.arraycopy(ref, offset, batch, fill + LINE_HEAD, length);
            fill += LINE_HEAD + length;
        }

        /** Hands the current batch over (if it holds lines) and takes an empty one. */
        void send() throws IOException {
            if (fill == 4) {
                return;
            }
            INT.set(batch, 0, fill);
            put(batch);
            byte[] next = empty.poll();
            if (next == null) {
                // at most QUEUED + 2 batches ever exist: past that, the second thread gives one back soon
                if (allocated < QUEUED + 2) {
                    next = new byte[BATCH];
                    allocated++;
                } else {
                    next = take();
                }
            }
            batch = next;
            fill = 4;
        }

        private byte[] take() throws IOException {
            try {
                byte[] b;
                while ((b = empty.poll(50, TimeUnit.MILLISECONDS)) == null) {
                    if (consumer.isDone()) {
                        throw new IOException("staging the usage stopped");
                    }
                }
                return b;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the usage was being staged", e);
            }
        }

        /** Waits for room in the queue, unless the second thread has stopped (then there will never be room). */
        void put(byte[] b) throws IOException {
            try {
                while (!full.offer(b, 50, TimeUnit.MILLISECONDS)) {
                    if (consumer.isDone()) {
                        throw new IOException("staging the usage stopped");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the usage was being staged", e);
            }
        }
    }
}
