package dev.infraplatform.logbroker.api;

import dev.infraplatform.web.BinaryEncoding;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The eight-bytes-at-a-time test for values that need no JSON escaping agrees with a byte-by-byte one. */
class RecordsJsonEscapingTest {

    private static boolean naive(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b == '"' || b == '\\') {
                return false;
            }
        }
        return true;
    }

    @Test
    void agreesWithAByteByByteCheck() {
        Random random = new Random(3);
        byte[] alphabet = {'a', 'Z', '0', ' ', '~', '"', '\\', 0x1f, 0x00, 0x7f, (byte) 0x80, (byte) 0xc3, (byte) 0xff, '!', '#', '[', ']'};
        for (int round = 0; round < 200_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(8) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) ('a' + random.nextInt(26));
            }
            assertThat(RecordsJson.needsNoEscaping(bytes)).as("%s", java.util.Arrays.toString(bytes)).isEqualTo(naive(bytes));
        }
    }
}
