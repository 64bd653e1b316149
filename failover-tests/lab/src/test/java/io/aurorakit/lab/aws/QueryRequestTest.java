package io.aurorakit.lab.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The Query protocol's parameter naming, as botocore and the SDK for Java v2 send it. */
class QueryRequestTest {

    @Test
    void decodesFiltersListsTimestampsAndBooleans() {
        QueryRequest request = QueryRequest.parse("Action=DescribeEvents", "Version=2014-10-31"
                + "&Filters.Filter.1.Name=db-cluster-id&Filters.Filter.1.Values.Value.1=lab"
                + "&Filters.Filter.1.Values.Value.2=arn%3Aaws%3Ards%3Aus-east-1%3A123456789012%3Acluster%3Alab"
                + "&EventCategories.EventCategory.1=failover&EventCategories.EventCategory.2=availability"
                + "&StartTime=2026-12-02T06%3A00%3A00Z&EndTime=2026-12-02T06%3A10%3A00.123Z&ForceFailover=true");

        assertThat(request.get("Action")).isEqualTo("DescribeEvents");
        assertThat(request.filters()).containsExactly(new QueryRequest.Filter("db-cluster-id",
                java.util.List.of("lab", "arn:aws:rds:us-east-1:123456789012:cluster:lab")));
        assertThat(request.list("EventCategories", "EventCategory")).containsExactly("failover", "availability");
        assertThat(request.instant("StartTime")).isEqualTo(Instant.parse("2026-12-02T06:00:00Z"));
        assertThat(request.instant("EndTime")).isEqualTo(Instant.parse("2026-12-02T06:10:00.123Z"));
        assertThat(request.bool("ForceFailover", false)).isTrue();
        assertThat(request.bool("Missing", false)).isFalse();
    }

    @Test
    void anInvalidValueIsAnInvalidParameterValueFault() {
        QueryRequest request = QueryRequest.parse(null, "StartTime=yesterday&ForceFailover=maybe&Filters=");

        RdsFault time = catchThrowableOfType(RdsFault.class, () -> request.instant("StartTime"));
        assertThat(time.code()).isEqualTo("InvalidParameterValue");
        assertThat(time.getMessage()).contains("yesterday").contains("ISO-8601");
        assertThat(catchThrowableOfType(RdsFault.class, () -> request.bool("ForceFailover", false)).status())
                .isEqualTo(400);
        assertThat(request.filters()).isEmpty();
        assertThat(catchThrowableOfType(RdsFault.class, () -> request.required("DBClusterIdentifier")).code())
                .isEqualTo("MissingParameter");
    }
}
