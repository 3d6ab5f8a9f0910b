using TaskActors.Model.Policies;

namespace TaskActors.Model.Tests.Policies;

public sealed class RestartPolicySpec
{
    [Fact]
    public void Never_runs_once()
    {
        Assert.IsType<NeverRestart>(RestartPolicy.Never);
        Assert.Equal("never", RestartPolicy.Never.TypeName);
        Assert.False(RestartPolicy.Never.RestartsOnFailure);
        Assert.False(RestartPolicy.Never.RestartsOnSuccess);
    }

    [Fact]
    public void OnFailure_restarts_only_after_a_failure()
    {
        Assert.IsType<OnFailureRestart>(RestartPolicy.OnFailure);
        Assert.Equal("onFailure", RestartPolicy.OnFailure.TypeName);
        Assert.True(RestartPolicy.OnFailure.RestartsOnFailure);
        Assert.False(RestartPolicy.OnFailure.RestartsOnSuccess);
    }

    [Fact]
    public void Always_restarts_after_failure_and_success_at_once()
    {
        var always = Assert.IsType<AlwaysRestart>(RestartPolicy.Always);

        Assert.Equal("always", always.TypeName);
        Assert.True(always.RestartsOnFailure);
        Assert.True(always.RestartsOnSuccess);
        Assert.Null(always.IntervalMs);
    }

    [Fact]
    public void Periodic_is_always_with_an_interval()
    {
        var periodic = Assert.IsType<AlwaysRestart>(RestartPolicy.Periodic(60_000));

        Assert.Equal(60_000, periodic.IntervalMs);
        Assert.Equal("always", periodic.TypeName);
        Assert.True(periodic.RestartsOnFailure);
        Assert.True(periodic.RestartsOnSuccess);
    }

    [Fact]
    public void Policies_compare_by_value()
    {
        Assert.Equal(RestartPolicy.Periodic(1000), RestartPolicy.Periodic(1000));
        Assert.NotEqual(RestartPolicy.Periodic(1000), RestartPolicy.Periodic(2000));
        Assert.NotEqual(RestartPolicy.Always, RestartPolicy.Periodic(1000));
        Assert.Equal(RestartPolicy.Always, new AlwaysRestart(null));
        Assert.Equal(RestartPolicy.Never, new NeverRestart());
        Assert.NotEqual(RestartPolicy.Never, RestartPolicy.OnFailure);
    }
}
