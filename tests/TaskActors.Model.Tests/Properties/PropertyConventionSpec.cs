using TaskActors.Testing;

namespace TaskActors.Model.Tests.Properties;

public sealed class PropertyConventionSpec
{
    [Fact]
    public void Every_property_test_scales_with_the_long_run_and_prints_its_replay() =>
        Assert.Empty(PropertyConventions.Violations(typeof(PropertyConventionSpec).Assembly));
}
