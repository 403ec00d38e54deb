package org.pupilrisk.population;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.pupilrisk.input.InvalidInputException;

/** Named population sizes (pupils per census year) for {@code --scale}. */
public enum Scale {
    TINY(5_000), DEMO(200_000), LARGE(1_000_000), NATIONAL(9_092_073);

    public final long pupils;

    Scale(long pupils) {
        this.pupils = pupils;
    }

    public static Scale parse(String name) {
        for (Scale s : values()) {
            if (s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new InvalidInputException("--scale: unknown scale '" + name + "'; expected one of "
                + Arrays.stream(values()).map(s -> s.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
