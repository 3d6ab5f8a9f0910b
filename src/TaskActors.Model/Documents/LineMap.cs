using System.Text;

namespace TaskActors.Model.Documents;

/// <summary>
/// Maps byte offsets in UTF-8 text to 1-based line and column (columns in UTF-16 code units). Lines end at
/// <c>\n</c>, as in <see cref="System.Text.Json.Utf8JsonReader"/>. Lookups at increasing offsets on the same
/// line are incremental, so walking a long single-line document stays linear.
/// </summary>
internal sealed class LineMap
{
    private readonly byte[] _utf8;
    private readonly List<int> _lineStarts = [0];
    private int _cachedLine = -1;
    private int _cachedByte;
    private int _cachedChars;

    public LineMap(byte[] utf8)
    {
        _utf8 = utf8;
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>The position of the byte at <paramref name="offset"/> from the start of the text.</summary>
    public SourcePosition FromByteOffset(long offset)
    {
        var clamped = (int)Math.Clamp(offset, 0, _utf8.Length);
        var index = _lineStarts.BinarySearch(clamped);
        var line = index >= 0 ? index : ~index - 1;
        return FromLineAndByte(line, clamped - _lineStarts[line]);
    }

    /// <summary>The position of a 0-based line and a 0-based byte offset within that line.</summary>
    public SourcePosition FromLineAndByte(long line, long byteInLine)
    {
        var lineIndex = (int)Math.Clamp(line, 0, _lineStarts.Count - 1);
        var start = _lineStarts[lineIndex];
        var end = (int)Math.Clamp(start + byteInLine, start, _utf8.Length);
        int chars;
        if (lineIndex == _cachedLine && end >= _cachedByte)
        {
            chars = _cachedChars + Encoding.UTF8.GetCharCount(_utf8, _cachedByte, end - _cachedByte);
        }
        else
        {
            chars = Encoding.UTF8.GetCharCount(_utf8, start, end - start);
        }

        _cachedLine = lineIndex;
        _cachedByte = end;
        _cachedChars = chars;
        return new SourcePosition(lineIndex + 1, chars + 1);
    }
}
