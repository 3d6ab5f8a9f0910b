using TaskActors.Model.Documents;

namespace TaskActors.Model.Tests.Generators;

/// <summary>
/// Renders JSON as YAML through the project's one writer (<see cref="YamlWriter"/>) with every choice drawn from a
/// seed: each string's style (plain, single or double quoted, literal, folded; the writer keeps what reads back),
/// each mapping and sequence in block or flow style. So the YAML reader is checked against the JSON one on layouts a
/// user could write, and the writer's style rules are exercised on every generated text.
/// </summary>
public static class YamlRendering
{
    /// <summary>How many layouts a round-trip property tries for each generated value (one case, many renderings).</summary>
    public const int LayoutsPerCase = 16;

    /// <summary>A YAML document for the JSON object <paramref name="json"/>, its root mapping in block style.</summary>
    public static string FromJson(string json, int seed) => YamlWriter.FromJson(json, new RandomLayout(seed));

    /// <summary><see cref="LayoutsPerCase"/> renderings of <paramref name="json"/>, from seeds derived from <paramref name="seed"/>.</summary>
    public static IEnumerable<string> Layouts(string json, int seed) =>
        Enumerable.Range(0, LayoutsPerCase).Select(i => FromJson(json, HashCode.Combine(seed, i)));

    /// <summary>The one-line form: JSON is YAML flow syntax, so <c>spec: {...}</c> is a YAML document.</summary>
    public static string FlowLine(string rootKey, string json) => $"{rootKey}: {json}";

    /// <summary>
    /// A layout with its own mood, drawn from the seed: how often collections are flow, and which styles keys and values
    /// lean to (plain, quoted or any). Moods differ between layouts so that one case meets combinations that a single
    /// mix would rarely draw, such as every key quoted after a flow collection.
    /// </summary>
    private sealed class RandomLayout : YamlLayout
    {
        private static readonly YamlStringStyle[] AnyStyle = Enum.GetValues<YamlStringStyle>();
        private static readonly YamlStringStyle[] MostlyPlain = [YamlStringStyle.Plain, YamlStringStyle.Plain, YamlStringStyle.Plain, YamlStringStyle.SingleQuoted];
        private static readonly YamlStringStyle[] MostlyQuoted = [YamlStringStyle.SingleQuoted, YamlStringStyle.DoubleQuoted, YamlStringStyle.SingleQuoted, YamlStringStyle.Plain];
        private static readonly YamlStringStyle[][] Moods = [AnyStyle, MostlyPlain, MostlyQuoted];

        private readonly Random _random;
        private readonly int _flowPercent;
        private readonly YamlStringStyle[] _keyStyles;
        private readonly YamlStringStyle[] _valueStyles;

        public RandomLayout(int seed)
        {
            _random = new Random(seed);
            _flowPercent = _random.Next(3) * 30;
            _keyStyles = Moods[_random.Next(Moods.Length)];
            _valueStyles = Moods[_random.Next(Moods.Length)];
        }

        public override YamlStringStyle StringStyle(string value, bool isKey)
        {
            var styles = isKey ? _keyStyles : _valueStyles;
            return styles[_random.Next(styles.Length)];
        }

        public override bool FlowMapping(int depth) => depth > 0 && _random.Next(100) < _flowPercent;

        public override bool FlowSequence(int depth) => _random.Next(100) < _flowPercent;
    }
}
