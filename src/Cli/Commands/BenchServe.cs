using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RlLab.Leaderboard;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Races;
using RlLab.Leaderboard.Storage;
using RlLab.Leaderboard.Web;

namespace RlLab.Cli.Commands;

/// <summary>
/// `rllab bench serve BUNDLE [--json]`: a leaderboard on 127.0.0.1 under a loopback load of
/// concurrent clients (the standings and a submission, as pages and as JSON, and uploads) while its workers evaluate, then the
/// time of one 20-track driving-time-trial for the bundle.
/// </summary>
public static class BenchServe
{
    public sealed record Report(int Clients, int Requests, double Seconds, double RequestsPerSecond, double P50Ms, double P99Ms, int Errors,
        int Uploads, double TimeTrialSeconds, int TimeTrialTracks, IReadOnlyList<EndpointReport> Endpoints);

    /// <summary>One kind of request under the same load: how many were served and their latency quantiles.</summary>
    public sealed record EndpointReport(string Path, int Requests, double P50Ms, double P99Ms);

    /// <summary>What the load asks for, in turn (every 50th request is an upload instead): the pages and their JSON twins.</summary>
    static readonly string[] Paths = ["/", "/submissions/{id}", "/api/standings/driving-time-trial", "/api/submissions/{id}"];

    public static Command Create()
    {
        var bundle = new Argument<string>("bundle") { HelpName = "BUNDLE", Description = "A driving agent bundle (.safetensors) to submit and to time" };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON" };
        var clients = new Option<int>("--clients") { HelpName = "N", DefaultValueFactory = _ => 64, Description = "Concurrent clients" };
        var requests = new Option<int>("--requests") { HelpName = "N", DefaultValueFactory = _ => 40_000, Description = "Requests in all (the load stops at this count or after --seconds)" };
        var seconds = new Option<double>("--seconds") { HelpName = "SECONDS", DefaultValueFactory = _ => 20, Description = "Longest load time" };
        var command = new Command("serve", "Leaderboard requests/s, p50, p99 under a loopback load, and a 20-track time trial") { bundle, json, clients, requests, seconds };
        Help.Examples(command, "./rllab bench serve agents/driving-state-ppo.safetensors --json");
        command.SetAction(parse =>
        {
            string b = parse.GetValue(bundle)!;
            if (!File.Exists(b)) throw new UserError($"{b}: no such file");
            int c = parse.GetValue(clients), n = parse.GetValue(requests);
            if (c is < 1 or > 1024) throw new UserError($"--clients: {c} must be 1 to 1024");
            if (n < c) throw new UserError($"--requests: {n} must be at least --clients");
            var report = Run(b, c, n, TimeSpan.FromSeconds(parse.GetValue(seconds)));
            Console.WriteLine(parse.GetValue(json)
                ? JsonSerializer.Serialize(report, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true })
                : $"{report.Requests} requests from {report.Clients} clients in {report.Seconds:F1} s: {report.RequestsPerSecond:F0} req/s, p50 {report.P50Ms:F1} ms, p99 {report.P99Ms:F1} ms, {report.Errors} errors\n" +
                  string.Concat(report.Endpoints.Select(e => $"  {e.Path}: {e.Requests} requests, p50 {e.P50Ms:F1} ms, p99 {e.P99Ms:F1} ms\n")) +
                  $"20-track driving-time-trial: {report.TimeTrialSeconds:F1} s");
            return 0;
        });
        return command;
    }

    static Report Run(string bundlePath, int clients, int total, TimeSpan limit)
    {
        string data = Path.Combine(Path.GetTempPath(), "rllab-bench-serve-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var options = new LeaderboardOptions(data, ServeCommand.SelfCommand())
            {
                Workers = 1, Races = RaceCatalog.Default(20), Quotas = new QuotaLimits(Scored: 1000, Failed: 1000, InFlight: 1000), RatePermits = 1_000_000,
            };
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            LeaderboardHost.AddServices(builder.Services, options);
            using var app = builder.Build();
            LeaderboardHost.Configure(app);
            app.StartAsync().GetAwaiter().GetResult();
            string url = app.Urls.First();
            var users = app.Services.GetRequiredService<UserStore>();
            string[] tokens = [.. Enumerable.Range(0, 8).Select(i => users.Add($"bench{i}"))];
            byte[] bytes = File.ReadAllBytes(bundlePath);

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri(url) };
            long firstId = Upload(http, tokens[0], bytes).GetAwaiter().GetResult().Id;
            var latencies = new double[total];
            var kinds = new int[total];
            int next = -1, errors = 0, uploads = 0;
            var clock = Stopwatch.StartNew();
            Task.WaitAll([.. Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
            {
                while (clock.Elapsed < limit)
                {
                    int i = Interlocked.Increment(ref next);
                    if (i >= total) return;
                    long t0 = Stopwatch.GetTimestamp();
                    bool ok;
                    kinds[i] = i % 50 == 0 ? -1 : i % Paths.Length;
                    try
                    {
                        if (i % 50 == 0)
                        {
                            // The same bytes per user: after the first, the server answers with the existing submission.
                            var r = await Upload(http, tokens[client % tokens.Length], bytes);
                            ok = r.Ok;
                            Interlocked.Increment(ref uploads);
                        }
                        else
                        {
                            using var r = await http.GetAsync(Paths[kinds[i]].Replace("{id}", firstId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
                            await r.Content.ReadAsByteArrayAsync();
                            ok = r.IsSuccessStatusCode;
                        }
                    }
                    catch (HttpRequestException) { ok = false; }
                    if (!ok) Interlocked.Increment(ref errors);
                    latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                }
            }))]);
            double elapsed = clock.Elapsed.TotalSeconds;
            int done = Math.Min(total, next);
            var sorted = latencies.Take(done).Order().ToArray();
            static double Q(double[] v, double q) => v.Length == 0 ? double.NaN : v[Math.Min(v.Length - 1, (int)(q * v.Length))];
            double P(double q) => Q(sorted, q);
            var endpoints = Paths.Select((path, k) =>
            {
                double[] mine = [.. Enumerable.Range(0, done).Where(i => kinds[i] == k).Select(i => latencies[i]).Order()];
                return new EndpointReport(path, mine.Length, Q(mine, 0.5), Q(mine, 0.99));
            }).ToList();
            app.StopAsync().GetAwaiter().GetResult();

            var child = new EvaluationChild(ServeCommand.SelfCommand(), Sandbox.Detect(), new SandboxLimits());
            var trial = RaceCatalog.DrivingTimeTrial(20);
            var seeds = new Leaderboard.Security.HiddenSeeds(Leaderboard.Security.ServerSecret.LoadOrCreate(data)).Seeds(trial.Name, 1, 20);
            var watch = Stopwatch.StartNew();
            var outcome = child.RunAsync(Path.GetFullPath(bundlePath), trial, seeds, CancellationToken.None).GetAwaiter().GetResult();
            if (outcome.Failure is string why) throw new UserError($"{bundlePath}: the time trial failed: {why}");
            return new Report(clients, done, elapsed, done / elapsed, P(0.5), P(0.99), errors, uploads, watch.Elapsed.TotalSeconds, seeds.Length, endpoints);
        }
        finally
        {
            try { Directory.Delete(data, true); } catch (IOException) { }
        }
    }

    static async Task<(bool Ok, long Id)> Upload(HttpClient http, string token, byte[] bytes)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/submissions?race=driving-time-trial&name=bench.safetensors") { Content = new ByteArrayContent(bytes) };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var r = await http.SendAsync(req);
        string text = await r.Content.ReadAsStringAsync();
        bool ok = (int)r.StatusCode is 200 or 201;
        long id = ok ? JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64() : 0;
        return (ok, id);
    }
}
