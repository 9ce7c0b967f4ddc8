package org.avataroffload.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 range in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}); a bare address is the range of that
 * one address. Written as RFC 5952 writes addresses ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}).
 *
 * @param network      the first address of the range; no bit past {@code prefixLength} is set
 * @param prefixLength how many leading bits every address in the range shares with {@code network}
 */
public record AddressRange(InetAddress network, int prefixLength) {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public AddressRange {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("the prefix length must be 0.." + bits + ", got " + prefixLength);
        }
        byte[] bytes = network.getAddress();
        for (int bit = prefixLength; bit < bits; bit++) {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0) {
                throw new IllegalArgumentException("the address has bits set past /" + prefixLength
                        + "; the range is " + new AddressRange(masked(network, prefixLength), prefixLength));
            }
        }
    }

    /** {@code 10.0.0.0/8}, {@code ::1/128} or {@code ::1}; the message of its IllegalArgumentException names no key. */
    public static AddressRange parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress network = address(address).orElseThrow(() -> new IllegalArgumentException(
                "expected an address range such as 10.0.0.0/8 or fc00::/7, got \"" + text + "\""));
        if (slash < 0) return new AddressRange(network, network.getAddress().length * 8);
        String length = trimmed.substring(slash + 1);
        if (!length.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("expected a prefix length after '/', got \"" + text + "\"");
        }
        try {
            return new AddressRange(network, Integer.parseInt(length));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + text + "\": " + e.getMessage(), e);
        }
    }

    /**
     * An IP address written as a literal ({@code 192.0.2.7}, {@code 2001:db8::1}); empty for anything else. Never asks
     * DNS: a host name is not an address here.
     */
    public static Optional<InetAddress> address(String text) {
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) return Optional.empty();
        try {
            return Optional.of(InetAddress.getByName(text)); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code address} is in this range; an IPv4 address is never in an IPv6 range, nor the reverse. */
    public boolean contains(InetAddress address) {
        return address.getClass() == network.getClass()
                && masked(address, prefixLength).equals(network);
    }

    private static InetAddress masked(InetAddress address, int prefixLength) {
        byte[] bytes = address.getAddress();
        for (int bit = prefixLength; bit < bytes.length * 8; bit++) bytes[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are an address", e);
        }
    }

    @Override
    public String toString() {
        int bits = network.getAddress().length * 8;
        String address = network instanceof Inet4Address ? network.getHostAddress() : ipv6(network.getAddress());
        return prefixLength == bits ? address : address + "/" + prefixLength;
    }

    /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups (the first) as "::". */
    private static String ipv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) length++;
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
            } else {
                if (text.length() > 0 && text.charAt(text.length() - 1) != ':') text.append(':');
                text.append(Integer.toHexString(groups[i]));
            }
        }
        return text.toString();
    }
}
