package dev.etcdj.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's JWT tokens ({@code --auth-token jwt,pub-key=...,priv-key=...,sign-method=RS256,ttl=5m}):
 * stateless RSA-signed tokens carrying the user, the auth revision at issue and an expiry.
 */
public final class JwtTokens implements TokenProvider {
  private static final Logger LOG = LoggerFactory.getLogger("auth");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> ALGORITHMS =
      Map.of("RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final String method;
  private final String algorithm;
  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final Duration ttl;

  private JwtTokens(String method, PrivateKey privateKey, PublicKey publicKey, Duration ttl) {
    this.method = method;
    this.algorithm = ALGORITHMS.get(method);
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.ttl = ttl;
  }

  static JwtTokens fromOptions(String spec) {
    Map<String, String> opts = new HashMap<>();
    for (String part : spec.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        opts.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    String method = opts.getOrDefault("sign-method", "");
    if (!ALGORITHMS.containsKey(method)) {
      throw new IllegalArgumentException("auth: invalid auth signature method");
    }
    Duration ttl = opts.containsKey("ttl") ? parseDuration(opts.get("ttl")) : Duration.ofMinutes(5);
    try {
      PrivateKey priv = opts.containsKey("priv-key") ? readPrivate(Path.of(opts.get("priv-key"))) : null;
      PublicKey pub = opts.containsKey("pub-key") ? readPublic(Path.of(opts.get("pub-key"))) : null;
      if (priv == null && pub == null) {
        throw new IllegalArgumentException("auth: missing key data");
      }
      return new JwtTokens(method, priv, pub, ttl);
    } catch (IOException e) {
      throw new IllegalArgumentException("auth: invalid auth options: " + e.getMessage(), e);
    }
  }

  @Override
  public void enable() {}

  @Override
  public void disable() {}

  @Override
  public void invalidateUser(String user) {}

  @Override
  public String newPrefix() {
    return "";
  }

  @Override
  public Optional<AuthInfo> info(String token, long revision) {
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      if (!method.equals(header.path("alg").asText())) {
        return Optional.empty();
      }
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey != null ? publicKey : derivePublic());
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return Optional.empty();
      }
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      if (claims.has("exp") && Instant.now().getEpochSecond() > claims.get("exp").asLong()) {
        LOG.warn("invalid JWT token: token is expired");
        return Optional.empty();
      }
      return Optional.of(new AuthInfo(claims.path("username").asText(), claims.path("revision").asLong()));
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      LOG.warn("failed to parse a JWT token: {}", e.toString());
      return Optional.empty();
    }
  }

  @Override
  public String assign(String user, long revision, String prefix, long index) {
    if (privateKey == null) {
      throw new IllegalStateException("auth: token signing attempted with verify-only key");
    }
    try {
      Map<String, Object> claims = new java.util.TreeMap<>();
      claims.put("exp", Instant.now().plus(ttl).getEpochSecond());
      claims.put("revision", revision);
      claims.put("username", user);
      String signingInput = B64.encodeToString(("{\"alg\":\"" + method + "\",\"typ\":\"JWT\"}")
          .getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(JSON.writeValueAsBytes(claims));
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(signer.sign());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("failed to sign a JWT token", e);
    }
  }

  /** Go's time.ParseDuration for the units a token TTL uses. */
  static Duration parseDuration(String s) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(s);
    Duration d = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      d = d.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      });
      end = m.end();
    }
    if (end != s.length() || s.isEmpty()) {
      throw new IllegalArgumentException("auth: invalid auth options: bad ttl " + s);
    }
    return d;
  }

  private PublicKey derivePublic() throws GeneralSecurityException {
    var crt = (java.security.interfaces.RSAPrivateCrtKey) privateKey;
    return java.security.KeyFactory.getInstance("RSA")
        .generatePublic(new java.security.spec.RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
  }

  private static PrivateKey readPrivate(Path file) throws IOException {
    Object o = readPem(file);
    JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
    if (o instanceof PEMKeyPair kp) {
      return conv.getPrivateKey(kp.getPrivateKeyInfo());
    }
    if (o instanceof PrivateKeyInfo info) {
      return conv.getPrivateKey(info);
    }
    throw new IOException("no private key in " + file);
  }

  private static PublicKey readPublic(Path file) throws IOException {
    Object o = readPem(file);
    JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
    if (o instanceof X509CertificateHolder cert) {
      return conv.getPublicKey(cert.getSubjectPublicKeyInfo());
    }
    if (o instanceof SubjectPublicKeyInfo info) {
      return conv.getPublicKey(info);
    }
    throw new IOException("no public key in " + file);
  }

  private static Object readPem(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file); PEMParser p = new PEMParser(r)) {
      return p.readObject();
    }
  }
}
