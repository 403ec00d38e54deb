package org.pupilrisk.lifetime.ledger;

/** Who asked for a share, in the register's broad kinds. */
public enum RequesterType {
    ACADEMIC("academic"),
    COMMERCIAL("commercial"),
    GOVERNMENT("government"),
    THINK_TANK_CHARITY("think_tank_charity"),
    LOCAL_AUTHORITY("local_authority"),
    MEDIA("media");

    private final String code;

    RequesterType(String code) {
        this.code = code;
    }

    /** As written in ledger.csv and the settings. */
    public String code() {
        return code;
    }

    public static RequesterType parse(String code) {
        for (RequesterType t : values()) {
            if (t.code.equalsIgnoreCase(code.trim())) {
                return t;
            }
        }
        return null;
    }
}
