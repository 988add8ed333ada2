package dev.ringmaster.schedule;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A "MAJOR.MINOR.PATCH[-pre][+build]" version ordered by Semantic Versioning 2.0 precedence: numbers compare as
 * numbers (1.10.0 after 1.9.0), a pre-release comes before its release (1.0.0-rc.1 before 1.0.0), pre-release
 * identifiers compare one by one, numeric ones as numbers and below alphanumeric ones, and build metadata is
 * ignored. Numbers are BigIntegers so that no version string, however long, overflows into a wrong order.
 */
public record SemanticVersion(BigInteger major, BigInteger minor, BigInteger patch, List<String> preRelease)
        implements Comparable<SemanticVersion> {

    private static final Pattern FORMAT = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?"
                    + "(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");
    private static final Pattern NUMERIC = Pattern.compile("\\d+");

    public SemanticVersion {
        Objects.requireNonNull(major, "major");
        Objects.requireNonNull(minor, "minor");
        Objects.requireNonNull(patch, "patch");
        preRelease = List.copyOf(preRelease);
    }

    public static SemanticVersion parse(String version) {
        Objects.requireNonNull(version, "version");
        Matcher matcher = FORMAT.matcher(version);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a semantic version MAJOR.MINOR.PATCH[-pre]: '" + version + "'");
        }
        List<String> pre = matcher.group(4) == null ? List.of() : List.of(matcher.group(4).split("\\."));
        return new SemanticVersion(new BigInteger(matcher.group(1)), new BigInteger(matcher.group(2)),
                new BigInteger(matcher.group(3)), pre);
    }

    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    @Override
    public int compareTo(SemanticVersion other) {
        int byNumbers = major.compareTo(other.major);
        if (byNumbers == 0) {
            byNumbers = minor.compareTo(other.minor);
        }
        if (byNumbers == 0) {
            byNumbers = patch.compareTo(other.patch);
        }
        if (byNumbers != 0) {
            return byNumbers;
        }
        if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
            // The release itself ranks above any of its pre-releases.
            return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
        }
        for (int i = 0; i < Math.min(preRelease.size(), other.preRelease.size()); i++) {
            int byIdentifier = compareIdentifiers(preRelease.get(i), other.preRelease.get(i));
            if (byIdentifier != 0) {
                return byIdentifier;
            }
        }
        return Integer.compare(preRelease.size(), other.preRelease.size());
    }

    private static int compareIdentifiers(String a, String b) {
        boolean aNumeric = NUMERIC.matcher(a).matches();
        boolean bNumeric = NUMERIC.matcher(b).matches();
        if (aNumeric && bNumeric) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
        if (aNumeric != bNumeric) {
            return aNumeric ? -1 : 1;
        }
        return a.compareTo(b); // ASCII order, as the specification asks
    }
}
