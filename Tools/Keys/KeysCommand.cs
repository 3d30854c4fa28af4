using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Orleans.Rec.Artifacts;
using Orleans.Rec.Models;
using Orleans.Rec.Tools.Cli;
using Spectre.Console;

namespace Orleans.Rec.Tools.Keys;

/// <summary>
/// <c>rec keys rotate</c>: re-wraps the data key of every stored artifact under a new key-encryption key, without
/// re-encrypting any model. It opens the artifact store and keys directly, configured exactly like the silo
/// (<c>--settings</c> file, then <c>Rec__…</c> environment variables), so keys never travel over the REST API.
/// </summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var settings = new Option<FileInfo>("--settings")
        {
            Description = "The silo's appsettings.json (optional; Rec__... environment variables apply on top, as in the silo).",
            HelpName = "FILE",
        }.AcceptExistingOnly();
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "The silo's data folder (Rec:DataDir); holds the local key file and, on the local store, the artifacts.",
            HelpName = "DIR",
        };
        var to = new Option<string?>("--to")
        {
            Description = "Rotate to this key id (already in the key file or configured as Rec:Artifacts:Keys:Kek:ID). Default: add a fresh key to the local key file.",
            HelpName = "KEY-ID",
        };
        var rotate = new Command("rotate", "Re-wrap every stored data key under a new key-encryption key (models are not re-encrypted).")
        {
            settings,
            dataDir,
            to,
        };
        rotate.SetAction(async (result, cancellationToken) =>
        {
            var configuration = new ConfigurationBuilder();
            if (result.GetValue(settings) is { } file)
            {
                configuration.AddJsonFile(file.FullName, optional: false);
            }

            configuration.AddEnvironmentVariables();
            if (result.GetValue(dataDir) is { } dir)
            {
                configuration.AddInMemoryCollection([new KeyValuePair<string, string?>("Rec:DataDir", dir)]);
            }

            var config = configuration.Build();
            var rec = new RecOptions();
            config.GetSection(RecOptions.SectionName).Bind(rec);
            var options = new ArtifactOptions();
            config.GetSection(ArtifactOptions.SectionName).Bind(options);
            var problems = ArtifactOptionsValidator.Check(options);
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    ConsoleOutput.Fail(problem);
                }

                return ExitCodes.Usage;
            }

            var keys = KeyRing.Create(options.Keys, rec.FullDataDir, TimeProvider.System);
            string newKeyId;
            if (result.GetValue(to) is { } target)
            {
                if (!keys.TryGetKey(target, out _))
                {
                    ConsoleOutput.Fail($"unknown key id '{target}': add it to the key file or as Rec:Artifacts:Keys:Kek:{target} first.");
                    return ExitCodes.Failure;
                }

                if (keys.File is { } keyFile && keyFile.KeyIds.Contains(target))
                {
                    keyFile.SetActive(target);
                }

                newKeyId = target;
            }
            else if (keys.File is { } keyFile)
            {
                newKeyId = keyFile.AddActiveKey();
            }
            else
            {
                ConsoleOutput.Fail("Rec:Artifacts:Keys:LocalKeyFile is false: configure the new key as Rec:Artifacts:Keys:Kek:ID and pass --to ID.");
                return ExitCodes.Usage;
            }

            IArtifactStore store = options.Store == ArtifactStoreKind.AzureBlob
                ? new AzureBlobArtifactStore(AzureBlobArtifactStore.CreateContainerClient(options.AzureBlob))
                : new LocalFolderArtifactStore(Path.Combine(rec.FullDataDir, "artifacts"));
            var pipeline = new ArtifactPipeline(store, keys, Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System);
            try
            {
                var count = await pipeline.RewrapAllAsync(newKeyId, cancellationToken);
                ConsoleOutput.Out.MarkupLineInterpolated($"Re-wrapped [bold]{count}[/] data keys under key [bold]{newKeyId}[/]; no model was re-encrypted.");
            }
            catch (ModelArtifactException e)
            {
                ConsoleOutput.Fail(e.Message);
                return ExitCodes.Failure;
            }

            if (!string.IsNullOrEmpty(options.Keys.Active) && options.Keys.Active != newKeyId)
            {
                ConsoleOutput.Out.MarkupLineInterpolated($"Set Rec:Artifacts:Keys:Active={newKeyId} on the silos so new uploads use it; keep the old key until every silo has.");
            }

            return ExitCodes.Success;
        });
        return new Command("keys", "Manage the key-encryption keys that protect stored artifacts.") { rotate };
    }
}
