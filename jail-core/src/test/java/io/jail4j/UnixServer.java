package io.jail4j;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A unix stream socket server run as a separate root process (python3), for the socket attacks.
 * It records each client's {@code SO_PEERCRED} ({@code PEER pid uid gid}) and every line it gets
 * ({@code LINE text}) in a log. In {@code helper} mode it is a root helper: a line {@code cat PATH}
 * gets PATH's content as the reply; in {@code journal} mode it only listens, like journald's stdout
 * stream socket; in {@code fds} mode it hands each client the host's {@code /} by
 * {@code SCM_RIGHTS}. A socket path {@code @name} is a name in the abstract namespace.
 */
final class UnixServer implements AutoCloseable {
    private static final String SERVER = String.join("\n",
            "import os, socket, struct, sys, threading",
            "path, mode, log = sys.argv[1], sys.argv[2], sys.argv[3]",
            "srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "srv.bind('\\0' + path[1:] if path.startswith('@') else path)",
            "srv.listen(16)",
            "lock = threading.Lock()",
            "def note(text):",
            "    with lock, open(log, 'a') as f:",
            "        f.write(text + '\\n')",
            "def serve(conn):",
            "    pid, uid, gid = struct.unpack('3i', conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))",
            "    note('PEER %d %d %d' % (pid, uid, gid))",
            "    if mode == 'fds':",
            "        root = os.open('/', os.O_RDONLY | os.O_DIRECTORY)",
            "        socket.send_fds(conn, [b'x'], [root])",
            "        os.close(root)",
            "        note('SENT /')",
            "    for line in conn.makefile('rb', buffering=0):",
            "        text = line.decode('utf-8', 'replace').rstrip('\\n')",
            "        note('LINE ' + text)",
            "        if mode == 'helper' and text.startswith('cat '):",
            "            try:",
            "                with open(text[4:], 'rb') as f:",
            "                    conn.sendall(f.read())",
            "            except OSError as e:",
            "                conn.sendall(('error %s\\n' % e).encode())",
            "print('LISTENING %d' % os.getpid(), flush=True)",
            "while True:",
            "    conn, _ = srv.accept()",
            "    threading.Thread(target=serve, args=(conn,), daemon=True).start()",
            "");

    /**
     * Connects to the socket given as first argument, puts the original stdout on fd 3 and the
     * socket on fds 1 and 2, then executes the rest of the arguments. {@code header} as second
     * argument first sends journald's stream header (for a real journald).
     */
    static final String STDOUT_WRAPPER = String.join("\n",
            "import os, socket, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "s.connect(sys.argv[1])",
            "if sys.argv[2] == 'header':",
            "    s.sendall(b'jail4j-test\\n\\n6\\n0\\n0\\n0\\n0\\n')",
            // the socket may itself be fd 3: move it away before fd 3 becomes the pipe to the test
            "os.dup2(s.fileno(), 10, inheritable=False)",
            "s.close()",
            "os.dup2(1, 3)",
            "os.dup2(10, 1)",
            "os.dup2(10, 2)",
            "os.close(10)",
            "if not os.readlink('/proc/self/fd/3').startswith('pipe:'):",
            "    sys.exit('fd 3 is not the pipe to the test')",
            "os.execvp(sys.argv[3], sys.argv[3:])",
            "");

    private final Process process;
    private final Path socket;
    private final Path log;
    private final long pid;

    private UnixServer(Process process, Path socket, Path log, long pid) {
        this.process = process;
        this.socket = socket;
        this.log = log;
        this.pid = pid;
    }

    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Starts a server on {@code socket} (which must not exist) logging to {@code log}. */
    static UnixServer start(Path socket, String mode, Path log) {
        try {
            Files.deleteIfExists(log);
            Process p = new ProcessBuilder(python(), "-c", SERVER, socket.toString(), mode, log.toString())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.resolveSibling(log.getFileName() + ".err").toFile()))
                    .start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = r.readLine();
            if (first == null || !first.startsWith("LISTENING ")) {
                p.destroyForcibly();
                fail("unix server on " + socket + " did not start: " + first + "; "
                        + readQuietly(log.resolveSibling(log.getFileName() + ".err")));
            }
            return new UnixServer(p, socket, log, Long.parseLong(first.substring(10).trim()));
        } catch (IOException e) {
            throw new AssertionError("cannot start the unix server: " + e, e);
        }
    }

    long pid() {
        return pid;
    }

    Path socket() {
        return socket;
    }

    /** The log so far: {@code PEER pid uid gid} and {@code LINE text} lines. */
    List<String> log() {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            if (!socket.toString().startsWith("@")) {
                Files.deleteIfExists(socket);
            }
            Files.deleteIfExists(log);
            Files.deleteIfExists(log.resolveSibling(log.getFileName() + ".err"));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
