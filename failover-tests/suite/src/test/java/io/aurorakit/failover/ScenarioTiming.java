package io.aurorakit.failover;

/**
 * What one failover scenario measured, as written to {@code failover-timings.json}; {@code null} where a field does not
 * apply to the scenario.
 *
 * <pre>{@code
 * FailoverTimings.record(lab, ScenarioTiming.of("1-writer-crash-idle-pool", "crashWriter").outageMs(640).retries(2));
 * }</pre>
 *
 * @param scenario           issue 5 scenario number and name, e.g. {@code 1-writer-crash-idle-pool}
 * @param fault              the fault injected, e.g. {@code crashWriter}
 * @param detectionMs        fault to first failure the application (or the wrapper) noticed
 * @param outageMs           fault to the first acknowledged write/read after it (longest gap for load scenarios)
 * @param retries            times the library ran work again
 * @param writesAcknowledged writes the application was told committed
 * @param lost               acknowledged writes missing afterwards
 * @param duplicates         keys stored more than once
 */
record ScenarioTiming(String scenario, String fault, Long detectionMs, Long outageMs, Long retries,
                      Long writesAcknowledged, Long lost, Long duplicates) {

    static ScenarioTiming of(String scenario, String fault) {
        return new ScenarioTiming(scenario, fault, null, null, null, null, null, null);
    }

    ScenarioTiming detectionMs(Long value) {
        return new ScenarioTiming(scenario, fault, value, outageMs, retries, writesAcknowledged, lost, duplicates);
    }

    ScenarioTiming outageMs(Long value) {
        return new ScenarioTiming(scenario, fault, detectionMs, value, retries, writesAcknowledged, lost, duplicates);
    }

    ScenarioTiming retries(Long value) {
        return new ScenarioTiming(scenario, fault, detectionMs, outageMs, value, writesAcknowledged, lost, duplicates);
    }

    ScenarioTiming writes(long acknowledged, long lostWrites, long duplicateKeys) {
        return new ScenarioTiming(scenario, fault, detectionMs, outageMs, retries, acknowledged, lostWrites,
                duplicateKeys);
    }
}
