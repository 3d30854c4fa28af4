using Orleans.Rec.Tools.Training;

namespace Orleans.Rec.Tools.Evaluation;

/// <summary>
/// Leave-last-out: every sequence with at least two items (after <see cref="SequenceDataset"/> collapsed consecutive
/// repeats) gives one test case, its last item the target and the items before it the history. Training data is
/// everything else: each sequence without its last item (and one-item sequences whole), so histories are training data
/// and targets are not.
/// </summary>
public sealed class LeaveLastOutSplit
{
    private LeaveLastOutSplit(int[][] training, TestCase[] tests)
    {
        Training = training;
        Tests = tests;
    }

    public IReadOnlyList<int[]> Training { get; }

    public IReadOnlyList<TestCase> Tests { get; }

    public static LeaveLastOutSplit Create(IReadOnlyList<int[]> sequences)
    {
        var training = new int[sequences.Count][];
        var tests = new List<TestCase>();
        for (var i = 0; i < sequences.Count; i++)
        {
            var sequence = sequences[i];
            if (sequence.Length >= 2)
            {
                training[i] = sequence[..^1];
                tests.Add(new TestCase(sequence[..^1], sequence[^1]));
            }
            else
            {
                training[i] = sequence;
            }
        }

        return new LeaveLastOutSplit(training, [.. tests]);
    }
}
