package dev.etcdj.server;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Prepares the training run's class list (-XX:DumpLoadedClassList) for the server's static
 * class-data-sharing archive: it drops the classes that a multi-release jar on the class path
 * also ships under {@code META-INF/versions/}. JDK 17 crashes (SIGSEGV in
 * {@code KlassFactory::check_shared_class_file_load_hook}) when it loads such a class from an
 * archive while JFR or a Java agent watches class loading, e.g. at the first request after
 * {@code -XX:StartFlightRecording} or {@code jcmd <pid> JFR.start}; those classes load from the jars.
 *
 * <p>Usage: {@code java -cp <the archive's class path> dev.etcdj.server.CdsClassList <class list>},
 * which rewrites the list in place.
 */
public final class CdsClassList {
  private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/\\d+/(.+)\\.class");

  private CdsClassList() {}

  public static void main(String[] args) throws IOException {
    Path list = Path.of(args[0]);
    Set<String> versioned = versionedClasses(System.getProperty("java.class.path"));
    List<String> kept = Files.readAllLines(list, StandardCharsets.UTF_8).stream()
        .filter(line -> !versioned.contains(className(line)))
        .collect(Collectors.toList());
    Files.write(list, kept, StandardCharsets.UTF_8);
  }

  /** The class a class-list line names: its first word, or the second of an {@code @lambda-proxy} line. */
  static String className(String line) {
    String[] words = line.trim().split("\\s+");
    if (words[0].equals("@lambda-proxy") && words.length > 1) {
      return words[1];
    }
    return words[0];
  }

  /** Internal names (a/b/C) of the classes with a versioned entry in a jar of {@code classPath}. */
  static Set<String> versionedClasses(String classPath) {
    Set<String> names = new HashSet<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.endsWith(".jar")) {
        continue;
      }
      try (JarFile jar = new JarFile(entry)) {
        jar.stream().forEach(e -> {
          Matcher m = VERSIONED.matcher(e.getName());
          if (m.matches()) {
            names.add(m.group(1));
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(entry, e);
      }
    }
    return names;
  }
}
