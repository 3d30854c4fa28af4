using System.Globalization;
using Orleans.Rec.Models;

namespace Orleans.Rec.Tools.Models;

/// <summary>The config.json of an exported model: the roles <see cref="ModelRoleAssigner"/> settled, the catalog and the platform's defaults.</summary>
public static class ConfigDraft
{
    /// <summary>The history length when the graph does not fix one.</summary>
    public const int DefaultHistoryLength = 50;

    /// <summary>
    /// The config for a complete <paramref name="assignment"/> and its catalog, with the problems that stop it
    /// (a scores output whose width does not fit the catalog).
    /// </summary>
    public static (ModelConfig Config, List<string> Problems) Create(RoleAssignment assignment, string[] itemIds, int? historyLength = null)
    {
        var problems = new List<string>();
        var signature = assignment.Signature();
        var scores = signature.Outputs.FirstOrDefault(s => s.Role == TensorRole.Scores);
        var ranked = signature.Outputs.Any(s => s.Role == TensorRole.ItemIds);
        if (scores is not null && !ranked && scores.Dims is [_, > 0] && scores.Dims[1] != itemIds.Length + 1)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"output '{scores.Name}' scores {scores.Dims[1]} model indices (padding column 0 and {scores.Dims[1] - 1} items), but the catalog lists {itemIds.Length} items"));
        }

        if (assignment.FixedHistoryLength is int fixedLength && historyLength is int asked && asked > fixedLength)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"--history-length {asked} is longer than the {fixedLength} the graph takes"));
        }

        var config = new ModelConfig
        {
            Signature = signature,
            ItemIds = itemIds,
            HistoryLength = historyLength ?? assignment.FixedHistoryLength ?? DefaultHistoryLength,
            Batching = assignment.OneRequestPerRun ? new BatchingConfig { MaxBatchSize = 1, MaxQueueDelay = TimeSpan.Zero } : new BatchingConfig(),
        };
        return (config, problems);
    }
}
