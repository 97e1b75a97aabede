package dev.conduit.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.notify.AddressClassifier.Kind;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressClassifierTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      // public
      "93.184.215.14, PUBLIC",
      "8.8.8.8, PUBLIC",
      "2606:4700:4700::1111, PUBLIC",
      "100.63.255.255, PUBLIC",
      "100.128.0.0, PUBLIC",
      "172.32.0.1, PUBLIC",
      // loopback and private networks: only with webhooks.allow-private-targets
      "127.0.0.1, PRIVATE",
      "127.255.255.254, PRIVATE",
      "10.1.2.3, PRIVATE",
      "172.16.0.1, PRIVATE",
      "172.31.255.255, PRIVATE",
      "192.168.1.1, PRIVATE",
      "100.64.0.1, PRIVATE",
      "100.127.255.255, PRIVATE",
      "::1, PRIVATE",
      "fd00::1, PRIVATE",
      "fc00::1, PRIVATE",
      // never: unspecified, link-local and metadata, multicast, broadcast, reserved, documentation
      "0.0.0.0, FORBIDDEN",
      "0.1.2.3, FORBIDDEN",
      "169.254.169.254, FORBIDDEN",
      "169.254.0.1, FORBIDDEN",
      "224.0.0.1, FORBIDDEN",
      "240.0.0.1, FORBIDDEN",
      "255.255.255.255, FORBIDDEN",
      "192.0.0.170, FORBIDDEN",
      "198.18.0.1, FORBIDDEN",
      "192.0.2.1, FORBIDDEN",
      ":: , FORBIDDEN",
      "fe80::1, FORBIDDEN",
      "febf::1, FORBIDDEN",
      "ff02::1, FORBIDDEN",
      "fd00:ec2::254, FORBIDDEN",
      "64:ff9b:1::a9fe:a9fe, FORBIDDEN",
      // IPv6 forms that carry an IPv4 address are judged by that address
      "::ffff:169.254.169.254, FORBIDDEN",
      "::ffff:127.0.0.1, PRIVATE",
      "::ffff:8.8.8.8, PUBLIC",
      "::169.254.169.254, FORBIDDEN",
      "::10.0.0.1, PRIVATE",
      "64:ff9b::a9fe:a9fe, FORBIDDEN",
      "64:ff9b::7f00:1, PRIVATE",
      "64:ff9b::808:808, PUBLIC",
      "2002:a9fe:a9fe::1, FORBIDDEN",
      "2002:0a00:0001::1, PRIVATE",
      "2002:0808:0808::1, PUBLIC",
      // Teredo: the client address is the last 32 bits inverted (~169.254.169.254 = 56.1.56.1)
      "2001:0:4136:e378:8000:63bf:5601:5601, FORBIDDEN",
      "2001:0:4136:e378:8000:63bf:f7f7:f7f7, PUBLIC",
  })
  void classifies(String address, Kind expected) throws UnknownHostException {
    assertThat(AddressClassifier.classify(InetAddress.getByName(address.strip()))).isEqualTo(expected);
  }
}
