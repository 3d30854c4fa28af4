using System.Net;
using System.Text;
using Orleans.Rec.Tools.Api;

namespace Orleans.Rec.Tests.Tools.Api;

public sealed class UploadSettingsTests
{
    [Fact]
    public async Task UploadVersionAsync_WithQuantizationAndCompression_SendsTheFieldsTheSizeAndReportsProgress()
    {
        var directory = Directory.CreateTempSubdirectory("rec-deploy-");
        try
        {
            var artifact = Path.Combine(directory.FullName, "model.onnx");
            var config = Path.Combine(directory.FullName, "config.json");
            await File.WriteAllBytesAsync(artifact, new byte[3000], CancellationToken.None);
            await File.WriteAllTextAsync(config, "{}", CancellationToken.None);
            var seen = new List<string>();
            var handler = new RecordingHandler(seen);
            var client = new RecApiClient(new HttpClient(handler), new Uri("http://gateway"));
            var sent = new List<long>();

            var result = await client.UploadVersionAsync("recommender", artifact, config, new UploadSettings
            {
                Quantization = "int8",
                Compression = "zstd",
                Progress = new SynchronousProgress(sent.Add),
            });

            Assert.True(result.Succeeded);
            Assert.Equal(new StoredArtifact(800, "zstd", "int8", 0.985, 10, "local-1"), result.Value.Manifest);
            Assert.Equal(["artifact:3000:", "config::", "quantization::int8", "compression::zstd"], seen);
            Assert.Equal(3000, sent[^1]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task UploadVersionAsync_WithAReport_SendsItAsTheReportPart()
    {
        var directory = Directory.CreateTempSubdirectory("rec-deploy-");
        try
        {
            var artifact = Path.Combine(directory.FullName, "model.onnx");
            var config = Path.Combine(directory.FullName, "config.json");
            var report = Path.Combine(directory.FullName, "compression-report.json");
            await File.WriteAllBytesAsync(artifact, new byte[10], CancellationToken.None);
            await File.WriteAllTextAsync(config, "{}", CancellationToken.None);
            await File.WriteAllTextAsync(report, """{"agreement":0.9}""", CancellationToken.None);
            var seen = new List<string>();
            var client = new RecApiClient(new HttpClient(new RecordingHandler(seen)), new Uri("http://gateway"));

            var result = await client.UploadVersionAsync("recommender", artifact, config, new UploadSettings { ReportPath = report });

            Assert.True(result.Succeeded);
            Assert.Equal(["artifact:10:", "config::", """report::{"agreement":0.9}"""], seen);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    private sealed class RecordingHandler(List<string> seen) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // The parts as they go on the wire: the artifact announces its size so the silo can allocate it once.
            var wire = await request.Content!.ReadAsStringAsync(cancellationToken);
            foreach (var part in wire.Split("--" + ((MultipartFormDataContent)request.Content).Headers.ContentType!.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"'), StringSplitOptions.RemoveEmptyEntries))
            {
                var name = System.Text.RegularExpressions.Regex.Match(part, "name=\"?([a-z]+)\"?").Groups[1].Value;
                if (name.Length == 0)
                {
                    continue;
                }

                var length = name == "artifact" ? System.Text.RegularExpressions.Regex.Match(part, "Content-Length: (\\d+)").Groups[1].Value : "";
                var text = name is "quantization" or "compression" or "report" ? part.Split("\r\n\r\n", 2)[1].Trim() : "";
                seen.Add($"{name}:{length}:{text}");
            }

            return new HttpResponseMessage(HttpStatusCode.Created)
            {
                Content = new StringContent(
                    """{"model":"recommender","version":1,"state":"validated","manifest":{"ciphertextBytes":800,"compression":"zstd","quantization":"int8","agreement":0.985,"agreementK":10,"keyId":"local-1"}}""",
                    Encoding.UTF8,
                    "application/json"),
            };
        }
    }
}
