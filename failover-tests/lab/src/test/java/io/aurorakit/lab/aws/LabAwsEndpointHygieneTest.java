package io.aurorakit.lab.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.LabTiming;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;

/** Closing a lab closes its AWS endpoint: no thread of it is left and its port refuses connections. */
class LabAwsEndpointHygieneTest {

    @Test
    void closingTheLabStopsTheEndpointAndItsThreads() throws Exception {
        URI endpoint;
        try (AuroraLab lab = AuroraLab.builder().readers(1).timing(LabTiming.FAST).start();
             RdsClient rds = LabRds.client(lab)) {
            endpoint = lab.rdsEndpoint();
            assertThat(endpoint.getScheme()).isEqualTo("http");
            assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
            rds.rebootDBInstance(b -> b.dbInstanceIdentifier("instance-2"));
            assertThat(threads()).isNotEmpty();
            LabRds.awaitSettled(rds, lab);
            lab.awaitHealthy(Duration.ofSeconds(20));
        }

        assertThat(threads()).as("threads of the lab's AWS endpoint after close").isEmpty();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 1000);
            }
        }).isInstanceOf(IOException.class);
    }

    private static List<String> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("aurora-lab-aws") || n.startsWith("aurora-lab-rds")).toList();
    }
}
