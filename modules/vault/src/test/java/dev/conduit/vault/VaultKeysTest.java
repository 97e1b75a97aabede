package dev.conduit.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultKeysTest {

  @TempDir
  Path dir;

  @Test
  void generatesAKeysetWithOneAes256GcmPrimary() {
    KeysetHandle keyset = VaultKeys.parse(VaultKeys.generate());

    assertThat(keyset.size()).isEqualTo(1);
    assertThat(keyset.getPrimary().getStatus()).isEqualTo(KeyStatus.ENABLED);
  }

  @Test
  void loadsInlineJsonOrAFile() throws Exception {
    String json = VaultKeys.generate();
    Path file = dir.resolve("keyset.json");
    Files.writeString(file, json);

    assertThat(VaultKeys.load(json).getPrimary().getId()).isEqualTo(VaultKeys.load(file.toString()).getPrimary().getId());
  }

  @Test
  void refusesAMissingFileNamingIt() {
    assertThatThrownBy(() -> VaultKeys.load(dir.resolve("missing.json").toString()))
        .hasMessageContaining("cannot read keyset file")
        .hasMessageContaining("missing.json");
  }

  @Test
  void refusesGarbageWithoutEchoingIt() {
    assertThatThrownBy(() -> VaultKeys.parse("{\"primaryKeyId\": 1, \"key\": \"s3cr3t-material\"}"))
        .hasMessage("vault.keyset is not a valid Tink JSON keyset")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void refusesAPrimaryThatIsNotAes256Gcm() throws Exception {
    String aes128 = TinkJsonProtoKeysetFormat.serializeKeyset(
        KeysetHandle.generateNew(PredefinedAeadParameters.AES128_GCM), InsecureSecretKeyAccess.get());

    assertThatThrownBy(() -> VaultKeys.parse(aes128)).hasMessage("vault.keyset's primary key must be AES256_GCM");
  }

  @Test
  void refusesAnEmptyValue() {
    assertThatThrownBy(() -> VaultKeys.load(" ")).hasMessage("vault.keyset is empty");
  }
}
