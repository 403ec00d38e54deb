package org.pupilrisk.population.pupil;

import java.util.function.Consumer;

/**
 * Every child of a model lived once, in process (no Spark, nothing written): the tests that read a mechanism back
 * from the pupils' records, or a fitted rate's expectation over the whole population, take the years from here.
 */
final class LivedYears {

    private LivedYears() {
    }

    /**
     * @param onRecord each census record, as {@link PupilLives.Sink#pupil} receives it
     * @param onYearDone each census year after its records, with the year's hazards filled in
     */
    static void each(PupilModel model, Consumer<PupilYear> onRecord, Consumer<PupilYear> onYearDone) {
        PupilLives lives = new PupilLives(model);
        PupilYear p = new PupilYear();
        PupilLives.Sink sink = new PupilLives.Sink() {
            @Override
            public void pupil(PupilYear q) {
                onRecord.accept(q);
            }

            @Override
            public void apPlacement(PupilYear q, int reason, int setting, int apSchool, int la, int startEpochDay) {
            }

            @Override
            public void exclusion(PupilYear q, int category, int reason, int reason2, int reason3, int school, int epochDay) {
            }

            @Override
            public void yearDone(PupilYear q) {
                onYearDone.accept(q);
            }
        };
        for (long id = 0; id < model.frame.entities(); id++) {
            lives.live(id, p, sink);
        }
    }

    /** Each census record. */
    static void records(PupilModel model, Consumer<PupilYear> onRecord) {
        each(model, onRecord, q -> { });
    }

    /** Each census year of a pupil in a state-funded school, after its records, with the year's hazards filled in. */
    static void stateFundedYears(PupilModel model, Consumer<PupilYear> onYearDone) {
        each(model, q -> { }, q -> {
            if (q.state) {
                onYearDone.accept(q);
            }
        });
    }
}
