using TaskActors.Model.Commands;
using TaskActors.Model.Common;
using TaskActors.Model.Identity;
using TaskActors.Model.Selectors;
using TaskActors.Model.Specs;
using TaskActors.Model.Workloads;
using TaskActors.Runners;

namespace TaskActors.Tests.Runners;

public sealed class RunnerSetSpec
{
    private static readonly HandlerRegistry Handlers = new([new HandlerRegistration("send-invoice", _ => throw new NotSupportedException())]);

    private readonly SubprocessRunner _plain = new();
    private readonly SubprocessRunner _gpu = new(Labels.Of(("gpu", "true"), ("zone", "b")));
    private readonly HandlerRunner _handlers = new(Handlers, labels: Labels.Of(("zone", "a")));

    private static TaskSpec Spec(Workload workload, LabelSelector? selector = null) =>
        TaskSpec.Builder("slot-1", workload).RunnerSelector(selector).BuildUnchecked();

    private static readonly SubprocessWorkload Echo = SubprocessWorkload.Command("echo");

    [Fact]
    public void Without_a_selector_the_first_runner_that_supports_the_workload_is_chosen()
    {
        var set = new RunnerSet(_handlers, _gpu, _plain);

        Assert.Same(_gpu, set.Select(Spec(Echo)));
        Assert.Same(_handlers, set.Select(Spec(HandlerWorkload.Create("send-invoice"))));
        Assert.Null(set.CheckSubmittable(Spec(Echo)));
    }

    [Fact]
    public void An_empty_selector_matches_every_runner()
    {
        var set = new RunnerSet(_plain, _gpu);

        Assert.Same(_plain, set.Select(Spec(Echo, LabelSelector.Everything)));
    }

    [Fact]
    public void The_selector_picks_the_first_runner_whose_labels_match()
    {
        var set = new RunnerSet(_plain, _gpu);

        Assert.Same(_gpu, set.Select(Spec(Echo, LabelSelector.ForLabels(("gpu", "true")))));
        Assert.Same(_gpu, set.Select(Spec(Echo, LabelSelector.Everything.With(SelectorRequirement.Of("zone", SelectorOperator.In, "b", "c")))));
        Assert.Same(_plain, set.Select(Spec(Echo, LabelSelector.Everything.With(SelectorRequirement.Of("gpu", SelectorOperator.DoesNotExist)))));
        // NotIn also matches a runner without the key.
        Assert.Same(_plain, set.Select(Spec(Echo, LabelSelector.Everything.With(SelectorRequirement.Of("zone", SelectorOperator.NotIn, "b")))));
    }

    [Theory]
    [InlineData("wasm")]
    [InlineData("container")]
    public void A_workload_no_runner_runs_is_rejected_as_NoRunner_naming_its_kind(string kind)
    {
        Workload workload = kind == "wasm"
            ? new WasmWorkload("job.wasm", ValueList<string>.Empty, ValueList<EnvVar>.Empty)
            : new ContainerWorkload("alpine:3", ValueList<string>.Empty, ValueList<string>.Empty, ValueList<EnvVar>.Empty);
        var set = new RunnerSet(_plain, _handlers);

        var rejection = set.CheckSubmittable(Spec(workload));

        Assert.Equal(new Rejection(RejectionKind.NoRunner, $"no runner on this node runs {kind} workloads"), rejection);
        Assert.Null(set.Select(Spec(workload)));
        Assert.Equal($"no runner on this node runs {kind} workloads", set.Resolve(Spec(workload)).Reason);
    }

    [Fact]
    public void A_selector_that_matches_no_supporting_runner_is_rejected_naming_the_selector_and_the_runners()
    {
        var set = new RunnerSet(_plain, _gpu, _handlers);
        var spec = Spec(Echo, LabelSelector.ForLabels(("zone", "a")));

        var rejection = set.CheckSubmittable(spec);

        Assert.NotNull(rejection);
        Assert.Equal(RejectionKind.NoRunner, rejection.Kind);
        Assert.Equal(
            "runnerSelector 'zone=a' matches no runner on this node that runs subprocess workloads " +
            "(runners: subprocess {}, subprocess {gpu=true, zone=b})",
            rejection.Message);
        var selection = set.Resolve(spec);
        Assert.False(selection.IsSelected);
        Assert.Equal(rejection.Message, selection.Reason);
    }

    [Fact]
    public void An_unknown_handler_is_rejected_as_UnknownHandler()
    {
        var set = new RunnerSet(_plain, _handlers);

        var rejection = set.CheckSubmittable(Spec(HandlerWorkload.Create("send-receipt")));

        Assert.Equal(new Rejection(RejectionKind.UnknownHandler, "unknown handler 'send-receipt'; registered: send-invoice"), rejection);
        Assert.Null(set.CheckSubmittable(Spec(HandlerWorkload.Create("send-invoice"))));
    }

    [Fact]
    public void An_empty_set_runs_nothing()
    {
        var set = new RunnerSet();

        Assert.Empty(set);
        Assert.Equal(RejectionKind.NoRunner, set.CheckSubmittable(Spec(Echo))!.Kind);
        Assert.Equal("none", set.ToString());
    }

    [Fact]
    public void The_set_lists_its_runners_in_order()
    {
        var set = new RunnerSet([_gpu, _handlers]);

        Assert.Equal([_gpu, _handlers], set);
        Assert.Equal("subprocess {gpu=true, zone=b}, handler {zone=a}", set.ToString());
        Assert.Throws<ArgumentException>(() => new RunnerSet(_gpu, null!));
    }
}
