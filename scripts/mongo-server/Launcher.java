import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * Starts mongo-java-server on a chosen host/port so tests and the embedded default
 * can run against a real MongoDB-wire server over TCP.
 *
 * Usage: java -cp "lib/*" Launcher.java --host 127.0.0.1 --port 0 [--file data/chatcrm.mv]
 * Prints "READY host:port" once bound; port 0 lets the OS pick a free port.
 * Exits cleanly on SIGTERM/SIGINT (H2 flushes its file on close) and when stdin
 * closes if --exit-on-stdin-close is given, so a crashed parent never leaks a server.
 */
public class Launcher {
    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 27017;
        String file = null;
        boolean exitOnStdinClose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--file" -> file = args[++i];
                case "--exit-on-stdin-close" -> exitOnStdinClose = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        MongoBackend backend = file == null ? new MemoryBackend() : new H2Backend(file);
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
}
