package io.aurorakit.lab;

import io.aurorakit.insights.DbLoadSampler;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code application_name}s of the lab's own sessions on its instances - its control plane, the topology
 * heartbeat, the Serverless v2 capacity probe - which no client load measure counts (on Aurora they are not SQL
 * sessions at all).
 */
final class LabSessions {

    static final String CONTROL = "aurora-lab-control";
    static final String HEARTBEAT = "aurora-lab-heartbeat";
    static final String SERVERLESS = "aurora-lab-serverless";
    static final List<String> MACHINERY = List.of(CONTROL, HEARTBEAT, SERVERLESS);
    /** The machinery and the Performance Insights samplers: sessions that are no client's load. */
    static final List<String> NOT_CLIENT_LOAD = List.of(CONTROL, HEARTBEAT, SERVERLESS,
            DbLoadSampler.APPLICATION_NAME);

    /** {@code names} as an SQL list of string literals, for {@code application_name NOT IN (...)}. */
    static String sqlList(List<String> names) {
        return names.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", "));
    }

    private LabSessions() {
    }
}
