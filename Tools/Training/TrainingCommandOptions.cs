using System.CommandLine;
using Orleans.Rec.Tools.Cli;

namespace Orleans.Rec.Tools.Training;

/// <summary>The trainer's command-line options, shared by <c>rec train</c> and <c>rec eval</c>.</summary>
internal sealed class TrainingCommandOptions
{
    private static readonly TrainingOptions Defaults = new();

    public Option<int> Dimensions { get; } = CommonOptions.Positive("--dims", "Embedding dimensions.", Defaults.Dimensions);

    public Option<int> HistoryLength { get; } = CommonOptions.Positive("--history-length", "How many recent items the model reads.", Defaults.HistoryLength);

    public Option<int> Window { get; } = CommonOptions.Positive("--window", "Sequences are cut into co-occurrence contexts of at most this many positions.", Defaults.Window);

    public Option<int> Seed { get; } = new("--seed")
    {
        Description = "Random seed; the same seed and log give the same model.",
        DefaultValueFactory = _ => Defaults.Seed,
        HelpName = "N",
    };

    public void AddTo(Command command)
    {
        command.Add(Dimensions);
        command.Add(HistoryLength);
        command.Add(Window);
        command.Add(Seed);
    }

    public TrainingOptions Bind(ParseResult result) => new()
    {
        Dimensions = result.GetValue(Dimensions),
        HistoryLength = result.GetValue(HistoryLength),
        Window = result.GetValue(Window),
        Seed = result.GetValue(Seed),
    };
}
