package dev.conduit.notify;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Says what kind of address an IP is, for the webhook URL guard. Java's {@code InetAddress} flags are not enough
 * (IPv6 unique-local and carrier-grade NAT count as "public" there), so ranges are checked here, and IPv6 forms
 * that carry an IPv4 address (IPv4-mapped and -compatible, NAT64, 6to4, Teredo) are judged by that address.
 */
final class AddressClassifier {

  enum Kind {
    PUBLIC,
    /** Loopback, private networks, carrier-grade NAT, IPv6 unique-local: allowed only in development. */
    PRIVATE,
    /** Unspecified, link-local (cloud metadata lives there), multicast, broadcast, reserved: never allowed. */
    FORBIDDEN
  }

  private AddressClassifier() {
  }

  static Kind classify(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      return ipv4(bytes);
    }
    return address instanceof Inet6Address ? ipv6(bytes) : Kind.FORBIDDEN;
  }

  private static Kind ipv4(byte[] b) {
    int a = b[0] & 0xff;
    int c = b[1] & 0xff;
    if (a == 0 || a >= 224) {
      return Kind.FORBIDDEN; // "this network", multicast, reserved, broadcast
    }
    if (a == 169 && c == 254) {
      return Kind.FORBIDDEN; // link-local, where cloud metadata endpoints answer
    }
    if ((a == 192 && c == 0 && (b[2] & 0xff) == 0) || (a == 198 && (c == 18 || c == 19))
        || (a == 192 && c == 0 && (b[2] & 0xff) == 2) || (a == 198 && c == 51 && (b[2] & 0xff) == 100)
        || (a == 203 && c == 0 && (b[2] & 0xff) == 113)) {
      return Kind.FORBIDDEN; // IETF protocol assignments, benchmarking, documentation
    }
    if (a == 127 || a == 10 || (a == 172 && c >= 16 && c <= 31) || (a == 192 && c == 168)
        || (a == 100 && c >= 64 && c <= 127)) {
      return Kind.PRIVATE; // loopback, RFC 1918, carrier-grade NAT
    }
    return Kind.PUBLIC;
  }

  private static Kind ipv6(byte[] b) {
    if (allZero(b, 0, 16)) {
      return Kind.FORBIDDEN; // ::
    }
    if (allZero(b, 0, 15) && b[15] == 1) {
      return Kind.PRIVATE; // ::1
    }
    int first = b[0] & 0xff;
    if (first == 0xff) {
      return Kind.FORBIDDEN; // multicast
    }
    if (first == 0xfe && (b[1] & 0xc0) == 0x80) {
      return Kind.FORBIDDEN; // fe80::/10 link-local
    }
    if (first == 0xfd && (b[1] & 0xff) == 0x00 && (b[2] & 0xff) == 0x0e && (b[3] & 0xff) == 0xc2) {
      return Kind.FORBIDDEN; // fd00:ec2::/32, the AWS metadata range (fd00:ec2::254)
    }
    if ((first & 0xfe) == 0xfc) {
      return Kind.PRIVATE; // fc00::/7 unique-local
    }
    if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return ipv4(slice(b, 12)); // ::ffff:a.b.c.d
    }
    if (allZero(b, 0, 12)) {
      return ipv4(slice(b, 12)); // ::a.b.c.d (deprecated IPv4-compatible)
    }
    if (first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
        && allZero(b, 4, 12)) {
      return ipv4(slice(b, 12)); // 64:ff9b::/96 NAT64
    }
    if (first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && b[4] == 0
        && b[5] == 1) {
      return Kind.FORBIDDEN; // 64:ff9b:1::/48 local-use NAT64: where it leads is the operator's private choice
    }
    if (first == 0x20 && (b[1] & 0xff) == 0x02) {
      return ipv4(slice(b, 2)); // 2002::/16 6to4
    }
    if (first == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) {
      byte[] client = slice(b, 12); // 2001::/32 Teredo: the client's IPv4 address, inverted
      for (int i = 0; i < 4; i++) {
        client[i] = (byte) ~client[i];
      }
      return ipv4(client);
    }
    return Kind.PUBLIC;
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] slice(byte[] b, int from) {
    return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
  }
}
