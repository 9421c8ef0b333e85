import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Starts mongo-java-server on a chosen host/port so tests and the embedded default
 * can run against a real MongoDB-wire server over TCP.
 *
 * Usage: java -cp "lib/*" Launcher.java --host 127.0.0.1 --port 0 [--file data/chatcrm.mv] [--group-commit-ms 2]
 * Prints "READY host:port" once bound; port 0 lets the OS pick a free port.
 * Exits cleanly on SIGTERM/SIGINT (H2 flushes its file on close) and when stdin
 * closes if --exit-on-stdin-close is given, so a crashed parent never leaks a server.
 *
 * With --file every write command is on disk (MVStore commit + fsync) before its reply is sent:
 * the stock H2Backend commits on a 1 s background timer, so a kill -9 lost writes the client had
 * been told were done. If the file is held by another process the launcher prints
 * "LOCKED <file>" on stdout and exits with code 75 instead of a stack trace.
 */
public class Launcher {
    static final int EXIT_FILE_LOCKED = 75;
    static final int EXIT_COMMIT_FAILED = 74;

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 27017;
        String file = null;
        boolean exitOnStdinClose = false;
        long groupCommitMicros = 2_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--file" -> file = args[++i];
                case "--exit-on-stdin-close" -> exitOnStdinClose = true;
                case "--group-commit-ms" -> groupCommitMicros = (long) (Double.parseDouble(args[++i]) * 1000);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        MongoBackend backend;
        if (file == null) {
            backend = new MemoryBackend();
        } else {
            MVStore store;
            try {
                // No background auto-commit: every store happens synchronously in the committing thread,
                // so "commit() then sync() returned" really means "on disk" (the background writer hands
                // chunks to an executor, and a later commit() may then find nothing left to write).
                store = new MVStore.Builder().fileName(file).autoCommitDisabled().open();
            } catch (MVStoreException e) {
                if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                    System.out.println("LOCKED " + file);
                    System.out.flush();
                    System.exit(EXIT_FILE_LOCKED);
                }
                throw e;
            }
            backend = new DurableH2Backend(store, new GroupCommit(store, groupCommitMicros * 1000));
        }
        MongoServer server = new MongoServer(backend);
        server.enableOplog();
        server.bind(host, port);
        InetSocketAddress address = server.getLocalAddress();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            stopped.countDown();
        }));
        System.out.println("READY " + address.getHostString() + ":" + address.getPort());
        System.out.flush();
        if (exitOnStdinClose) {
            while (System.in.read() != -1) { /* parent alive */ }
            System.exit(0);
        }
        stopped.await();
    }

    /** H2Backend that makes each write command durable before mongo-java-server writes the reply. */
    static final class DurableH2Backend extends H2Backend {
        /** Commands that change data or metadata (lower case; the server matches names case-insensitively). */
        private static final Set<String> WRITES = Set.of(
            "insert", "update", "delete", "findandmodify", "create", "createindexes", "drop", "dropdatabase",
            "dropindexes", "deleteindexes", "renamecollection", "collmod", "aggregate");
        private final GroupCommit groupCommit;

        DurableH2Backend(MVStore store, GroupCommit groupCommit) {
            super(store);
            this.groupCommit = groupCommit;
            // Rewrites sparse chunks now and then: the background writer that would do it is off.
            Thread maintenance = new Thread(() -> {
                while (!store.isClosed()) {
                    try {
                        Thread.sleep(30_000);
                        if (store.isClosed()) return;
                        store.compact(50, 16 * 1024 * 1024);
                        groupCommit.flush();
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        if (!store.isClosed()) System.err.println("compaction failed (will retry): " + e);
                    }
                }
            }, "mvstore-maintenance");
            maintenance.setDaemon(true);
            maintenance.start();
        }

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            // aggregate only writes with $out/$merge, but the check is cheap next to an fsync it can skip:
            // a read-only aggregate leaves no unsaved changes, and flushIfDirty returns at once then.
            String name = command.toLowerCase(Locale.ROOT);
            if (!WRITES.contains(name)) return super.handleCommand(channel, database, command, query);
            groupCommit.enter();
            try {
                return super.handleCommand(channel, database, command, query);
            } finally {
                // Also after a failed command: an ordered insert may have stored some documents first.
                groupCommit.leaveAndAwaitDurable(name.equals("aggregate"));
            }
        }
    }

    /**
     * Group commit: a writer whose change is in memory waits until a commit + fsync that started after
     * its change has finished. One writer at a time leads (commits for everyone who has finished so
     * far); the others wait and are covered by it or by the next leader. Before committing, the leader
     * waits up to lingerNanos for writers still inside a write command, so they share its fsync.
     */
    static final class GroupCommit {
        private final MVStore store;
        private final long lingerNanos;
        private int inFlight;
        private long finished;
        private long durable;
        private boolean leading;

        GroupCommit(MVStore store, long lingerNanos) {
            this.store = store;
            this.lingerNanos = lingerNanos;
        }

        synchronized void enter() {
            inFlight++;
        }

        void leaveAndAwaitDurable(boolean onlyIfDirty) {
            long mine;
            synchronized (this) {
                inFlight--;
                mine = ++finished;
                notifyAll(); // a lingering leader may be waiting for this writer
                if (onlyIfDirty && !store.hasUnsavedChanges()) mine = durable; // nothing of ours to persist
            }
            awaitDurable(mine);
        }

        /** Makes everything written so far durable (used by maintenance). */
        void flush() {
            long upTo;
            synchronized (this) {
                upTo = ++finished;
            }
            awaitDurable(upTo);
        }

        private void awaitDurable(long mine) {
            boolean interrupted = false;
            long upTo;
            synchronized (this) {
                while (true) {
                    if (durable >= mine) {
                        if (interrupted) Thread.currentThread().interrupt();
                        return;
                    }
                    if (!leading) break;
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                leading = true;
                long deadline = System.nanoTime() + lingerNanos;
                while (inFlight > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) break;
                    try {
                        wait(left / 1_000_000, (int) (left % 1_000_000));
                    } catch (InterruptedException e) {
                        interrupted = true;
                        break;
                    }
                }
                // Every writer numbered up to here has its change in memory: this commit covers it.
                upTo = finished;
            }
            try {
                store.commit();
                store.sync();
            } catch (Throwable t) {
                // The client must not be told "done" for data that may not be on disk, and memory now
                // differs from the file: stop hard, the supervisor restarts from what the file holds.
                System.err.println("FATAL: committing the H2 file failed: " + t);
                System.err.flush();
                Runtime.getRuntime().halt(EXIT_COMMIT_FAILED);
            }
            synchronized (this) {
                durable = upTo;
                leading = false;
                notifyAll();
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
