using TaskActors.Model.Common;

namespace TaskActors.Model.Workloads;

/// <summary>
/// A container image run by an engine. Recognised and validated by the model; no node here has an engine, so
/// submitting one is a <c>NoRunner</c> rejection. JSON: <c>{"container":{"image":"alpine:3","command":["sh"],"args":[],"env":[]}}</c>.
/// </summary>
/// <param name="Image">The image reference.</param>
/// <param name="Command">Overrides the image's entrypoint when not empty.</param>
/// <param name="Args">Arguments.</param>
/// <param name="Env">Environment.</param>
public sealed record ContainerWorkload(string Image, ValueList<string> Command, ValueList<string> Args, ValueList<EnvVar> Env) : Workload
{
    /// <inheritdoc />
    public override string Kind => "container";

    /// <inheritdoc />
    public override IEnumerable<FieldError> Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Image))
        {
            yield return new FieldError($"{path}.container.image", "must not be empty", "an image reference such as alpine:3.20");
        }
        else if (Image.Any(char.IsWhiteSpace))
        {
            yield return new FieldError($"{path}.container.image", $"'{Image}' contains white space", "an image reference such as alpine:3.20");
        }

        foreach (var error in EnvVar.Validate(Env, $"{path}.container.env"))
        {
            yield return error;
        }
    }
}
