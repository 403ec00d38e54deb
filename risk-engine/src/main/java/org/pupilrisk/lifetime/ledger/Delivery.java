package org.pupilrisk.lifetime.ledger;

/**
 * How a share reached its recipient. Before 25 September 2018 every approved share went out as a
 * file; from then the ONS Secure Research Service was the default, with files "where necessary".
 */
public enum Delivery {
    FILE("file"),
    SECURE_SERVICE("secure_service");

    private final String code;

    Delivery(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Delivery parse(String code) {
        for (Delivery d : values()) {
            if (d.code.equalsIgnoreCase(code.trim())) {
                return d;
            }
        }
        return null;
    }
}
