package org.pupilrisk.lifetime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pupilrisk.lifetime.exposure.ExposureFigures;
import org.pupilrisk.lifetime.exposure.PanelReader;
import org.pupilrisk.lifetime.exposure.PupilExposure;
import org.pupilrisk.lifetime.exposure.PupilHistory;
import org.pupilrisk.lifetime.exposure.ShareIndex;
import org.pupilrisk.lifetime.ledger.Share;
import org.pupilrisk.lifetime.settings.LifetimeSettings;
import org.pupilrisk.lifetime.linkage.BrokerLinkage;
import org.pupilrisk.lifetime.matching.MatchingSettings;
import org.pupilrisk.lifetime.matching.MatchingSimulation;
import org.pupilrisk.lifetime.matching.NpdRecord;
import org.pupilrisk.lifetime.optout.OptOutFigures;
import org.pupilrisk.lifetime.optout.OptOutModel;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.population.identity.Identity;

/**
 * One pass over a population's children computing every lifetime figure: exposure, opt-out,
 * broker linkage, and the NPD records the matching simulation runs against.
 */
public final class LifetimeRun {

    /** What the run found. */
    public record Result(List<Figure> figures, long children, ExposureFigures exposure,
                         List<MatchingSimulation.Result> matching, List<Share> brokerShares) {
    }

    private LifetimeRun() {
    }

    /**
     * @param populationSeed the population's seed (identities are derived from it)
     * @param withMatching   false skips matching (it keeps one record per child in memory)
     */
    public static Result run(Dataset<Row> allYears, int lastYear, List<Share> shares, LifetimeSettings settings,
                             long populationSeed, boolean withMatching, Consumer<String> progress) {
        int apReasonFrom = settings.integer("exposure.ap_reason_from", 1990, 2100);
        ShareIndex index = new ShareIndex(shares, settings.seed("ledger.seed"));
        ExposureFigures exposure = new ExposureFigures();
        OptOutModel optOut = OptOutModel.from(settings);
        OptOutFigures optOutFigures = new OptOutFigures(optOut, lastYear);
        List<Integer> brokerList = brokerShares(shares);
        int[] brokerSlot = new int[shares.size()];
        java.util.Arrays.fill(brokerSlot, -1);
        for (int j = 0; j < brokerList.size(); j++) {
            brokerSlot[brokerList.get(j)] = j;
        }
        BrokerLinkage linkage = new BrokerLinkage(brokerList.size());
        List<NpdRecord> npd = new ArrayList<>();
        long[] seen = {0};
        long[] computeNanos = {0};
        long children = PanelReader.forEach(allYears, apReasonFrom, h -> {
            long c0 = System.nanoTime();
            PupilExposure full = PupilExposure.of(h, index, null);
            exposure.add(h, full);
            optOutFigures.add(h, full, PupilExposure.of(h, index, optOut.from()));
            int held = 0;
            int[] labels = new int[brokerList.size()];
            for (int s : full.shares()) {
                int j = brokerSlot[s];
                if (j >= 0) {
                    held |= 1 << j;
                    labels[j] = index.labelsRevealed(h, s);
                }
            }
            linkage.add(h, held, labels);
            if (withMatching) {
                npd.add(record(h, populationSeed));
            }
            computeNanos[0] += System.nanoTime() - c0;
            if (++seen[0] % 1_000_000 == 0) {
                progress.accept(String.format("%,d children", seen[0]));
            }
        });
        progress.accept(String.format(java.util.Locale.ROOT, "counted %,d children's exposure in %.1f s (reading the panel excluded)",
                children, computeNanos[0] / 1e9));
        List<Figure> figures = new ArrayList<>(exposure.figures());
        figures.addAll(optOutFigures.figures());
        figures.addAll(linkage.figures());
        List<MatchingSimulation.Result> matching = List.of();
        if (withMatching && !npd.isEmpty()) {
            matching = MatchingSimulation.run(MatchingSettings.from(settings), npd);
            matching.forEach(r -> figures.addAll(r.figures()));
        }
        return new Result(List.copyOf(figures), children, exposure, matching,
                brokerList.stream().map(shares::get).toList());
    }

    /**
     * The broker: the commercial recipient that received the most pupil-level shares as files; its
     * shares in date order (at most 31).
     */
    static List<Integer> brokerShares(List<Share> shares) {
        java.util.Map<String, Integer> count = new java.util.TreeMap<>();
        for (Share s : shares) {
            if (s.commercial() && s.sentAsFile() && s.tier().pupilLevel()) {
                count.merge(s.recipient(), 1, Integer::sum);
            }
        }
        String broker = count.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).map(java.util.Map.Entry::getKey)
                .orElse(null);
        List<Integer> out = new ArrayList<>();
        for (int s = 0; s < shares.size() && out.size() < 31; s++) {
            Share share = shares.get(s);
            if (share.recipient().equals(broker) && share.sentAsFile() && share.tier().pupilLevel()) {
                out.add(s);
            }
        }
        return out;
    }

    /** The child as its last census record names it. */
    static NpdRecord record(PupilHistory h, long seed) {
        return new NpdRecord(h.pupil(), h.dateOfBirth(), h.sex(), Identity.surname(seed, h.pupil()),
                Identity.forename(seed, h.pupil()), Identity.unitPostcode(seed, h.pupil(), h.sector() == null ? "?" : h.sector()),
                h.years()[h.last()], h.school());
    }
}
