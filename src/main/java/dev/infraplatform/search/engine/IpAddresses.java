package dev.infraplatform.search.engine;

import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.util.BytesRef;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP address literals of {@code ip} fields, as Elasticsearch reads and prints them: IPv4 dotted
 * quads and IPv6 literals (never a host name: nothing is resolved), printed in the canonical form of
 * RFC 5952 ({@code ::1}, IPv4-mapped addresses as IPv4). Stateless.
 */
public final class IpAddresses {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpAddresses() {
    }

    /**
     * The address a literal names.
     *
     * @throws IllegalArgumentException if it is not an IPv4 or IPv6 literal
     */
    public static InetAddress parse(String text) {
        String value = text.trim();
        var v4 = IPV4.matcher(value);
        boolean literal;
        if (v4.matches()) {
            literal = true;
            for (int group = 1; group <= 4; group++) {
                if (Integer.parseInt(v4.group(group)) > 255) {
                    literal = false;
                }
            }
        } else {
            literal = value.contains(":") && IPV6.matcher(value).matches();
        }
        if (!literal) {
            throw new IllegalArgumentException("'" + text + "' is not an IP string literal.");
        }
        try {
            // a validated literal: getByName parses it and resolves nothing
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP string literal.");
        }
    }

    /** {@code address/prefix} as Lucene's prefix query bounds, or {@code null} if the text has no {@code /}. */
    public static org.apache.lucene.search.Query cidrQuery(String field, String text) {
        if (text.indexOf('/') < 0) {
            return null;
        }
        Cidr cidr = Cidr.parse(text);
        return InetAddressPoint.newPrefixQuery(field, cidr.address(), cidr.prefix());
    }

    /** {@code address/prefix}, with a prefix length the address's family allows. */
    private record Cidr(InetAddress address, int prefix) {

        /** @throws IllegalArgumentException if it is not {@code address/prefix} or the prefix is out of range */
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("Expected [ip/prefix] but was [" + text + "]");
            }
            InetAddress address = IpAddresses.parse(text.substring(0, slash));
            int prefix;
            try {
                prefix = Integer.parseInt(text.substring(slash + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Expected [ip/prefix] but was [" + text + "]");
            }
            int max = address instanceof Inet4Address ? 32 : 128;
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("Illegal prefix length [" + prefix + "] in [" + text
                        + "]. Must be 0-" + max + ".");
            }
            return new Cidr(address, prefix);
        }

        /** Host bits in the 16-byte (IPv4-mapped) encoding. */
        int hostBits() {
            return (address instanceof Inet4Address ? 32 : 128) - prefix;
        }
    }

    /** An address as doc values hold it: 16 bytes, IPv4 mapped into IPv6. */
    public static BytesRef encode(String text) {
        return new BytesRef(InetAddressPoint.encode(parse(text)));
    }

    /**
     * The addresses of a CIDR block ({@code 192.168.0.0/16}) as encoded bounds: its first address,
     * and the first one after it ({@code null} when the block runs to the last address there is).
     *
     * @throws IllegalArgumentException if it is not {@code address/prefix} with a prefix the address allows
     */
    public static BytesRef[] cidrBounds(String text) {
        Cidr cidr = Cidr.parse(text);
        int hostBits = cidr.hostBits();
        java.math.BigInteger value = new java.math.BigInteger(1, InetAddressPoint.encode(cidr.address()));
        java.math.BigInteger block = java.math.BigInteger.ONE.shiftLeft(hostBits);
        java.math.BigInteger first = value.shiftRight(hostBits).shiftLeft(hostBits);
        java.math.BigInteger next = first.add(block);
        BytesRef to = next.bitLength() > 8 * InetAddressPoint.BYTES ? null : new BytesRef(sixteenBytes(next));
        return new BytesRef[] {new BytesRef(sixteenBytes(first)), to};
    }

    private static byte[] sixteenBytes(java.math.BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[InetAddressPoint.BYTES];
        int length = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - length, bytes, bytes.length - length, length);
        return bytes;
    }

    /** The printed form of an address as doc values hold it (16 bytes, IPv4 mapped into IPv6). */
    public static String format(BytesRef encoded) {
        byte[] bytes = new byte[InetAddressPoint.BYTES];
        System.arraycopy(encoded.bytes, encoded.offset, bytes, 0, InetAddressPoint.BYTES);
        return format(InetAddressPoint.decode(bytes));
    }

    /** RFC 5952: IPv4 dotted; IPv6 lower-case hex without leading zeros, the longest run of zero groups as {@code ::}. */
    public static String format(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength && i - start >= 2) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
