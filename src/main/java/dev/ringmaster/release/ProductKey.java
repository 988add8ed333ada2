package dev.ringmaster.release;

import java.util.regex.Pattern;

/** What a product key looks like: set when the product is created, then used in paths, queries and device reports. */
public final class ProductKey {

    /** 2 to 63 of a-z, 0-9 and -, starting with a letter; a constant, so bean-validation annotations can name it. */
    public static final String REGEX = "[a-z][a-z0-9-]{1,62}";

    public static final Pattern PATTERN = Pattern.compile(REGEX);

    private ProductKey() {
    }
}
