package io.aurorakit.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Aurora's target rule without PostgreSQL: lowest tier, then a seeded random pick. */
class TargetChooserTest {

    private static final List<String> READERS = List.of("instance-2", "instance-3", "instance-4");

    @Test
    void picksOnlyFromTheLowestTier() {
        Map<String, Integer> tiers = Map.of("instance-2", 1, "instance-3", 0, "instance-4", 0);
        TargetChooser chooser = new TargetChooser(7);
        for (int i = 0; i < 50; i++) {
            TargetChooser.Choice<String> choice = chooser.choose(READERS, tiers::get);
            assertThat(choice.target()).isIn("instance-3", "instance-4");
            assertThat(choice.random()).isTrue();
        }
        TargetChooser.Choice<String> single = chooser.choose(READERS, id -> id.equals("instance-4") ? 0 : 1);
        assertThat(single.target()).isEqualTo("instance-4");
        assertThat(single.random()).isFalse();
    }

    @Test
    void theSameSeedPicksTheSameSequenceAndEveryTiedCandidateGetsPicked() {
        List<String> first = picks(42, 30);
        assertThat(picks(42, 30)).isEqualTo(first);
        assertThat(new HashSet<>(first)).containsExactlyInAnyOrderElementsOf(READERS);
        Set<List<String>> sequences = new HashSet<>();
        for (long seed = 0; seed < 5; seed++) {
            sequences.add(picks(seed, 30));
        }
        assertThat(sequences).hasSizeGreaterThan(1);
    }

    private static List<String> picks(long seed, int n) {
        TargetChooser chooser = new TargetChooser(seed);
        List<String> result = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            result.add(chooser.choose(READERS, id -> 1).target());
        }
        return result;
    }
}
