using YamlDotNet.Core;
using Tokens = YamlDotNet.Core.Tokens;

namespace TaskActors.Model.Documents;

/// <summary>
/// YamlDotNet's scanner with one repair: a plain scalar that begins with <c>:</c> keeps it. Used by
/// <see cref="YamlTreeBuilder"/> in place of the scanner that <see cref="Parser"/> would make itself.
/// </summary>
/// <remarks>
/// <para>YamlDotNet 16.3's scanner remembers that a flow collection or a quoted scalar in a flow collection was
/// read, so that in <c>{"a":b}</c> the <c>:</c> right after the JSON-like key is taken as the value indicator.
/// It forgets that only when the next plain scalar is read, so the memory goes stale: after <c>env: [x]</c>,
/// the text <c>'cwd': :b c</c> reads as <c>b c</c>, and so do <c>- :b</c> after <c>- [x]</c> and
/// <c>[ 'x', :b ]</c>. YAML 1.2 reads all three as <c>:b…</c> (a plain scalar may begin with <c>:</c> when a
/// non-space follows), and so did this reader wherever the memory was clear.</para>
/// <para>The repair: the scanner skipped a <c>:</c> right before a plain scalar token, and that <c>:</c> was not
/// the value indicator token that came just before it. In <c>{"a":b}</c> the value token sits exactly there, so
/// that adjacency keeps its meaning. Text such as <c>:#a</c> in that position cannot be repaired (the scanner has
/// read <c>#a</c> as a comment by then); the project's writer never writes plain text that starts with <c>:</c>.</para>
/// </remarks>
internal sealed class ColonKeepingScanner : IScanner
{
    private readonly Scanner _inner;
    private readonly string _text;
    private Tokens.Token? _seen;
    private Tokens.Token? _repaired;
    private Tokens.Token? _previous;

    /// <summary>A scanner over <paramref name="text"/>, the same text whose marks its tokens carry.</summary>
    public ColonKeepingScanner(string text)
    {
        _text = text;
        _inner = new Scanner(new StringReader(text), skipComments: true);
    }

    /// <inheritdoc />
    public Mark CurrentPosition => _inner.CurrentPosition;

    /// <inheritdoc />
    public Tokens.Token? Current
    {
        get
        {
            var token = _inner.Current;
            if (!ReferenceEquals(token, _seen))
            {
                _previous = _seen ?? _previous;
                _seen = token;
                _repaired = Repair(token);
            }

            return _repaired;
        }
    }

    /// <inheritdoc />
    public bool MoveNext() => _inner.MoveNext();

    /// <inheritdoc />
    public bool MoveNextWithoutConsuming() => _inner.MoveNextWithoutConsuming();

    /// <inheritdoc />
    public void ConsumeCurrent() => _inner.ConsumeCurrent();

    private Tokens.Token? Repair(Tokens.Token? token)
    {
        if (token is not Tokens.Scalar { Style: ScalarStyle.Plain } scalar)
        {
            return token;
        }

        var colon = scalar.Start.Index - 1;
        if (colon < 0 || colon >= _text.Length || _text[(int)colon] != ':' || scalar.Start.Column <= 1)
        {
            return token;
        }

        if (_previous is Tokens.Value indicator && indicator.Start.Index == colon)
        {
            return token;
        }

        var start = new Mark(colon, scalar.Start.Line, scalar.Start.Column - 1);
        return new Tokens.Scalar(":" + scalar.Value, ScalarStyle.Plain, start, scalar.End);
    }
}
