using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Storage;
using RlLab.Leaderboard.Web;

namespace RlLab.Leaderboard.Tests;

/// <summary>Pages are rendered once per database state, and any commit, from any connection, redraws them.</summary>
public sealed class PageCacheTests
{
    [Fact]
    public void A_page_is_rendered_once_until_a_commit_from_any_connection()
    {
        using var dir = new TempDir();
        var db = new Database(dir.Path);
        using var stamp = new ChangeStamp(db);
        var cache = new PageCache(stamp);
        int renders = 0;
        CachedAnswer Render() => PageCache.Answer($"page {++renders}", "text/plain");

        Assert.Equal("page 1", cache.GetOrRender("/", Render).Body);
        Assert.Equal("page 1", cache.GetOrRender("/", Render).Body);
        Assert.Equal("page 2", cache.GetOrRender("/other", Render).Body);

        new SubmissionStore(db, new QuotaLimits()).NextSeason();                   // this process's pool
        Assert.Equal("page 3", cache.GetOrRender("/", Render).Body);
        Assert.Equal("page 3", cache.GetOrRender("/", Render).Body);

        new SubmissionStore(new Database(dir.Path), new QuotaLimits()).NextSeason(); // as another process would
        Assert.Equal("page 4", cache.GetOrRender("/", Render).Body);
        Assert.Equal(4, renders);
        Assert.NotEqual(cache.GetOrRender("/", Render).ETag, cache.GetOrRender("/other", Render).ETag);
    }

    [Fact]
    public async Task The_standings_page_shows_a_season_started_from_outside_the_server()
    {
        using var dir = new TempDir();
        using var factory = new LeaderboardFactory(new LeaderboardOptions(dir.Path, ["false"])
        {
            Workers = 0, Validator = new PrefixValidator(), Races = Agents.SmallRaces, Sandbox = Sandbox.None(),
        });
        var http = factory.CreateClient();
        Assert.Contains("Season 1.", await http.GetStringAsync("/"));
        Assert.Contains("Season 1.", await http.GetStringAsync("/"));
        new SubmissionStore(new Database(dir.Path), new QuotaLimits()).NextSeason();
        Assert.Contains("Season 2.", await http.GetStringAsync("/"));
        var missing = await http.GetAsync("/submissions/7");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Nothing at /submissions/7.", await missing.Content.ReadAsStringAsync());
    }
}
