package org.pupilrisk.lifetime.exposure;

/**
 * The children a lifetime figure is about. A child belongs to a subgroup if the condition held in
 * any census year on record: a label recorded once stays in the NPD, so a child who was once in AP
 * is exposed as such by every later share that covers that year.
 */
public enum LifetimeSubgroup {
    ALL("all", "every child on a census in the panel"),
    AP("ap", "ever in alternative provision"),
    EHC_PLAN("ehc_plan", "ever with an EHC plan"),
    SEN_SUPPORT("sen_support", "ever on SEN support"),
    FSM("fsm", "ever eligible for free school meals"),
    LOOKED_AFTER("looked_after", "ever looked after"),
    EXCLUDED("excluded", "ever suspended or permanently excluded"),
    FULL_SCHOOL_LIFE("full_school_life", "on every census from Reception to Year 11 (a whole school life in the panel)");

    private final String code;
    private final String description;

    LifetimeSubgroup(String code, String description) {
        this.code = code;
        this.description = description;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    public boolean contains(PupilHistory h) {
        int ever = h.everFlags();
        return switch (this) {
            case ALL -> true;
            case AP -> (ever & PupilHistory.FLAG_AP) != 0;
            case EHC_PLAN -> (ever & PupilHistory.FLAG_EHC_PLAN) != 0;
            case SEN_SUPPORT -> (ever & PupilHistory.FLAG_SEN_SUPPORT) != 0;
            case FSM -> (ever & PupilHistory.FLAG_FSM) != 0;
            case LOOKED_AFTER -> (ever & PupilHistory.FLAG_LOOKED_AFTER) != 0;
            case EXCLUDED -> (ever & PupilHistory.FLAG_EXCLUDED) != 0;
            case FULL_SCHOOL_LIFE -> fullSchoolLife(h);
        };
    }

    private static boolean fullSchoolLife(PupilHistory h) {
        int reception = -1;
        for (int i = 0; i < h.years().length; i++) {
            if (h.nc()[i] == 0) {
                reception = h.years()[i];
            }
        }
        if (reception < 0) {
            return false;
        }
        for (int y = reception; y <= reception + 11; y++) {
            boolean found = false;
            for (int x : h.years()) {
                found |= x == y;
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }
}
