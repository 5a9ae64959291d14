package dev.punctual.it.support;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Compiles sources kept among the test resources, for classes that must not be on the tests' own class
 * path: code written against a library release other than the build's, or classes that bear another
 * library's names.
 */
public final class Javac {
    private Javac() {
    }

    /**
     * @param resourceDir a directory of .java files among the test resources, e.g. "reliability/old-grpc"
     * @param classPath   what they compile against (may be empty)
     * @return the directory of the compiled classes, under target/it-output/classes
     */
    public static Path compile(String resourceDir, String classPath) {
        try {
            Path sources = Path.of(Javac.class.getClassLoader().getResource(resourceDir).toURI());
            Path out = Jvm.OUTPUT.resolve("classes").resolve(resourceDir);
            Files.createDirectories(out);
            List<Path> files;
            try (Stream<Path> all = Files.walk(sources)) {
                files = all.filter(p -> p.toString().endsWith(".java")).toList();
            }
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager fm = compiler.getStandardFileManager(diagnostics, null, null)) {
                List<String> options = List.of("-d", out.toString(), "-cp", classPath, "-proc:none", "-nowarn", "-Xlint:none");
                boolean ok = compiler.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
                if (!ok) {
                    throw new AssertionError("cannot compile " + resourceDir + ": " + diagnostics.getDiagnostics());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
