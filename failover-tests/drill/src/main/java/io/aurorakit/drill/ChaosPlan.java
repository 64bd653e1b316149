package io.aurorakit.drill;

import io.aurorakit.lab.Fault;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * {@code --fault chaos}: a seeded random sequence of lab faults. The sequence is drawn from shuffled rounds of every
 * {@link #KINDS kind}, so each kind appears once in every round of six (a short run still mixes them); the same seed
 * gives the same sequence ({@code --seed} reproduces a run).
 *
 * @param faults how many faults are injected, one after the other
 * @param seed   the seed of the sequence, printed so that a run can be repeated
 */
record ChaosPlan(int faults, long seed) {

    /** The {@code --fault} value that asks for a chaos run. */
    static final String ID = "chaos";

    /** Most faults one run may inject: a soak is minutes, and a typo must not run for a day. */
    static final int MAX_FAULTS = 1000;

    /** Default number of faults. */
    static final int DEFAULT_FAULTS = 20;

    /**
     * The faults a chaos run draws from: writer crash (host lost), engine crash (restart in place), planned failover,
     * isolate, reader crash, latency, restart.
     */
    static final List<Fault> KINDS = List.of(Fault.CRASH, Fault.ENGINE_CRASH, Fault.PLANNED, Fault.ISOLATE,
            Fault.READER_CRASH, Fault.LATENCY, Fault.RESTART);

    /** The faults in the order they are injected. */
    List<Fault> sequence() {
        Random random = new Random(seed);
        List<Fault> sequence = new ArrayList<>(faults);
        while (sequence.size() < faults) {
            List<Fault> round = new ArrayList<>(KINDS);
            Collections.shuffle(round, random);
            sequence.addAll(round.subList(0, Math.min(round.size(), faults - sequence.size())));
        }
        return List.copyOf(sequence);
    }

    /** How reports name the run, e.g. {@code chaos (20 faults, seed 42)}. */
    String name() {
        return ID + " (" + faults + " faults, seed " + seed + ")";
    }
}
