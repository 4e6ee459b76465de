package dev.etcdj.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** bcrypt password hashes in Go's "$2a$" format, at etcd's {@code --bcrypt-cost}. */
public final class Passwords {
  private static final Logger LOG = LoggerFactory.getLogger("auth");
  private static final int MIN_COST = 4;
  private static final int MAX_COST = 31;
  private static final int DEFAULT_COST = 10;

  private final SecureRandom random = new SecureRandom();
  private final int cost;

  public Passwords(long cost) {
    if (cost < MIN_COST || cost > MAX_COST) {
      LOG.warn("use default bcrypt-cost {} instead of the invalid value {}", DEFAULT_COST, cost);
      this.cost = DEFAULT_COST;
    } else {
      this.cost = (int) cost;
    }
  }

  public String hash(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return OpenBSDBCrypt.generate("2a", truncated(password), salt, cost);
  }

  public static boolean matches(String hash, String password) {
    try {
      return OpenBSDBCrypt.checkPassword(hash, truncated(password));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** bcrypt reads at most 72 bytes of the password, as Go's implementation does. */
  private static byte[] truncated(String password) {
    byte[] b = password.getBytes(StandardCharsets.UTF_8);
    return b.length <= 72 ? b : java.util.Arrays.copyOf(b, 72);
  }
}
