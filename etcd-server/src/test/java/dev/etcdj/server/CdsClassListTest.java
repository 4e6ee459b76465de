package dev.etcdj.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdsClassListTest {
  @TempDir
  Path tmp;

  @Test
  void classesWithAVersionedEntryAreFound() throws Exception {
    Path jar = jar("mr.jar", "a/Plain.class", "a/Multi.class", "META-INF/versions/9/a/Multi.class",
        "META-INF/versions/12/a/Only12.class", "META-INF/versions/9/module-info.class");
    Path other = jar("plain.jar", "b/C.class");
    String classPath = jar + File.pathSeparator + other + File.pathSeparator + tmp.resolve("classes-dir");
    assertEquals(Set.of("a/Multi", "a/Only12", "module-info"), CdsClassList.versionedClasses(classPath));
  }

  @Test
  void aLineNamesItsClassOrItsLambdaCaller() {
    assertEquals("a/Multi", CdsClassList.className("a/Multi id: 12 super: 1"));
    assertEquals("a/Multi", CdsClassList.className("@lambda-proxy a/Multi run ()Ljava/lang/Runnable;"));
    assertEquals("@lambda-form-invoker", CdsClassList.className("@lambda-form-invoker [LF_RESOLVE] x y z"));
    assertEquals("java/lang/Object", CdsClassList.className("java/lang/Object"));
  }

  @Test
  void mainDropsTheVersionedClassesFromTheList() throws Exception {
    Path list = tmp.resolve("classes.lst");
    Files.write(list, List.of("# comment", "java/lang/Object", "a/Multi", "@lambda-proxy a/Multi run ()V", "a/Plain"));
    String saved = System.getProperty("java.class.path");
    System.setProperty("java.class.path", jar("mr.jar", "a/Plain.class", "META-INF/versions/11/a/Multi.class").toString());
    try {
      CdsClassList.main(new String[] {list.toString()});
    } finally {
      System.setProperty("java.class.path", saved);
    }
    assertEquals(List.of("# comment", "java/lang/Object", "a/Plain"), Files.readAllLines(list));
  }

  private Path jar(String name, String... entries) throws Exception {
    Path p = tmp.resolve(name);
    try (OutputStream out = Files.newOutputStream(p); JarOutputStream jar = new JarOutputStream(out)) {
      for (String e : entries) {
        jar.putNextEntry(new JarEntry(e));
        jar.closeEntry();
      }
    }
    return p;
  }
}
