using Orleans.Rec.Tools.Evaluation;

namespace Orleans.Rec.Tools.Compression;

/// <summary>
/// Splits users (sequences) in two: a seeded share is held out, and every held-out sequence of at least two items gives
/// one leave-last-out test case (history = all but the last item, target = the last); the other sequences are what
/// distillation may read. A held-out history is never distilled on, so agreement and accuracy on it are honest.
/// </summary>
public sealed class UserHoldout
{
    private UserHoldout(int[][] distillation, TestCase[] heldOut)
    {
        Distillation = distillation;
        HeldOut = heldOut;
    }

    /// <summary>The sequences of the users not held out, in their original order.</summary>
    public IReadOnlyList<int[]> Distillation { get; }

    /// <summary>One test case per held-out sequence of at least two items, in their original order.</summary>
    public IReadOnlyList<TestCase> HeldOut { get; }

    public static UserHoldout Create(IReadOnlyList<int[]> sequences, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (!(fraction is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The held-out share must be above 0 and below 1.");
        }

        var order = Enumerable.Range(0, sequences.Count).ToArray();
        new Random(seed).Shuffle(order);
        var heldOut = new bool[sequences.Count];
        foreach (var user in order.Take((int)Math.Round(fraction * sequences.Count)))
        {
            heldOut[user] = true;
        }

        var distillation = new List<int[]>();
        var tests = new List<TestCase>();
        for (var i = 0; i < sequences.Count; i++)
        {
            var sequence = sequences[i];
            if (!heldOut[i])
            {
                distillation.Add(sequence);
            }
            else if (sequence.Length >= 2)
            {
                tests.Add(new TestCase(sequence[..^1], sequence[^1]));
            }
        }

        return new UserHoldout([.. distillation], [.. tests]);
    }
}
