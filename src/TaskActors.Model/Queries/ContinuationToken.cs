using System.Buffers.Text;
using System.Text;
using TaskActors.Model.Identity;

namespace TaskActors.Model.Queries;

/// <summary>
/// The opaque continuation of a list page: the id of the last item returned. Because results are ordered by id,
/// resuming "after this id" never skips or repeats an item, even while tasks are inserted concurrently.
/// </summary>
public static class ContinuationToken
{
    private const string Prefix = "after:";

    /// <summary>Encodes the position after <paramref name="lastId"/>.</summary>
    public static string Encode(TaskId lastId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + lastId.Value));

    /// <summary>Decodes a token; false when it was not produced by <see cref="Encode"/>.</summary>
    public static bool TryDecode(string token, out TaskId afterId)
    {
        afterId = default;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (!text.StartsWith(Prefix, StringComparison.Ordinal) || TaskId.Check(text[Prefix.Length..]) is not null)
            {
                return false;
            }

            afterId = new TaskId(text[Prefix.Length..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
