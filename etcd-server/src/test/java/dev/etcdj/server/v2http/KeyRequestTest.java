package dev.etcdj.server.v2http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.etcdj.server.v2store.V2Error;
import org.junit.jupiter.api.Test;

/** Parsing a /v2/keys request as etcd's parseKeyRequest does, with its error codes and causes. */
class KeyRequestTest {
  private static final long NOW = 1_800_000_000_000_000_000L;

  private static KeyRequest parse(String method, String key, String query, String body) {
    return KeyRequest.parse(method, key, FormParser.parse(query, body), NOW);
  }

  private static void assertRefused(int code, String cause, String method, String query) {
    V2Error e = assertThrows(V2Error.class, () -> parse(method, "/k", query, ""));
    assertEquals(code, e.code());
    assertEquals(cause, e.errorCause());
  }

  @Test
  void keyMapsIntoTheKeysDirectoryAndBodyValuesWin() {
    KeyRequest r = parse("PUT", "/a//b/", "value=fromQuery&dir=false", "value=from+body%21&ttl=5&prevExist=true");
    assertEquals("/1/a/b", r.request().getPath());
    assertEquals("from body!", r.request().getVal());
    assertEquals(NOW + 5_000_000_000L, r.request().getExpiration());
    assertTrue(r.request().hasPrevExist() && r.request().getPrevExist());
    assertFalse(r.request().hasRefresh());
  }

  @Test
  void watchParameters() {
    KeyRequest r = parse("GET", "/dir", "wait=true&waitIndex=7&recursive=true&stream=1", "");
    assertTrue(r.waitForChange());
    assertEquals(7, r.waitIndex());
    assertTrue(r.stream());
    assertTrue(r.request().getRecursive());
  }

  @Test
  void badFieldsAreRefusedWithEtcdsCodes() {
    assertRefused(V2Error.INDEX_NAN, "invalid value for \"prevIndex\"", "PUT", "prevIndex=x");
    assertRefused(V2Error.INDEX_NAN, "invalid value for \"waitIndex\"", "GET", "waitIndex=-1");
    assertRefused(V2Error.INVALID_FIELD, "invalid value for \"recursive\"", "GET", "recursive=yes");
    assertRefused(V2Error.INVALID_FIELD, "\"wait\" can only be used with GET requests", "PUT", "wait=true");
    assertRefused(V2Error.PREV_VALUE_REQUIRED, "\"prevValue\" cannot be empty", "PUT", "prevValue=");
    assertRefused(V2Error.TTL_NAN, "invalid value for \"ttl\"", "PUT", "ttl=abc");
    assertRefused(V2Error.INVALID_FIELD, "invalid value for prevExist", "PUT", "prevExist=maybe");
    assertRefused(V2Error.REFRESH_VALUE, "A value was provided on a refresh", "PUT", "refresh=true&value=v&ttl=5");
    assertRefused(V2Error.REFRESH_TTL_REQUIRED, "No TTL value set", "PUT", "refresh=true");
    assertRefused(V2Error.INVALID_FORM, "invalid URL escape", "PUT", "value=%zz");
  }

  @Test
  void anEmptyTtlMeansNoExpiry() {
    assertEquals(0, parse("PUT", "/k", "ttl=", "").request().getExpiration());
  }
}
