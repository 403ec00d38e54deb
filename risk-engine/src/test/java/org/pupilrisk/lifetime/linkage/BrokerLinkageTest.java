package org.pupilrisk.lifetime.linkage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.pupilrisk.lifetime.exposure.LifetimeSubgroup;
import org.pupilrisk.lifetime.exposure.PupilHistory;

/** A broker holding two commercial extracts, worked by hand. */
class BrokerLinkageTest {

    static final int SEN = PupilHistory.LABEL_SEN_TYPE;
    static final int EXCL = PupilHistory.LABEL_EXCLUSION_REASON;

    @Test
    void twoReleasesLinkOnlyWhereTheQuasiIdentifiersAreUniqueInBoth() {
        // Release A holds children 1, 2, 3; release B holds 2, 3, 4.
        // Keys (DOB|sex|district): 1 and 2 distinct; 3 and 4 share a key.
        BrokerLinkage b = new BrokerLinkage(2);
        b.add(child(1, "2008-01-01", "F", "B1"), 0b01, new int[] {SEN, 0});
        b.add(child(2, "2008-02-02", "M", "B1"), 0b11, new int[] {SEN, EXCL});      // SEN type in A, exclusion reason in B
        b.add(child(3, "2008-03-03", "F", "B2"), 0b11, new int[] {0, EXCL});
        b.add(child(4, "2008-03-03", "F", "B2"), 0b10, new int[] {0, 0});
        // pseudonym: 2 and 3 are in both and both link
        BrokerLinkage.Result p = b.link(2, false, LifetimeSubgroup.ALL);
        assertThat(p.inTwoOrMore()).isEqualTo(2);
        assertThat(p.linkedShare()).isEqualTo(1.0);
        // child 2 gathers 2 kinds of label (either share alone gave 1); child 3 gathers 1: mean 1.5 vs 1.0
        assertThat(p.labelsAccumulatedMean()).isEqualTo(1.5);
        assertThat(p.labelsSingleMean()).isEqualTo(1.0);
        // quasi-identifiers: child 3's key is unique in A but shared with child 4 in B: only child 2 links
        BrokerLinkage.Result q = b.link(2, true, LifetimeSubgroup.ALL);
        assertThat(q.inTwoOrMore()).isEqualTo(2);
        assertThat(q.linked()).isEqualTo(1);
        assertThat(q.linkedShare()).isEqualTo(0.5);
        assertThat(q.labelsAccumulatedMean()).isEqualTo(2.0);
        assertThat(q.labelsSingleMean()).isEqualTo(1.0);
    }

    static PupilHistory child(long id, String dob, String sex, String district) {
        return new PupilHistory(id, LocalDate.parse(dob), sex, new int[] {2016}, new int[] {3}, new int[] {0},
                new int[] {0}, 330, district, district + " 1", 1);
    }
}
