using RlLab.Envs.Registry;

namespace RlLab.Envs.Driving;

/// <summary>Driving's reference page (docs/envs/driving.md, `rllab envs Driving`). The simulator itself: docs/sim.md.</summary>
public static class DrivingDoc
{
    static EnvVariant V(string label, params (string Key, object? Value)[] options) =>
        new(label, options.ToDictionary(o => o.Key, o => o.Value));

    public static EnvDoc Create() => new()
    {
        Description = "A car drives laps of a closed track in a deterministic 2D simulator (src/Sim): procedural tracks " +
            "from a seed, or named track files. The car is the MIT 6.S191 / VISTA lab's (kinematic bicycle, length 5 m, " +
            "wheel base 2.78 m, dt = 1/15 s), or a dynamic bicycle with tyre slip. The agent steers, and with " +
            "`action: steer_throttle` also accelerates and brakes. It observes a state vector, lidar rays, an ego-centred " +
            "top-down raster or a first-person camera (`observation`). The crash rule, the rewards and lap counting follow " +
            "the MIT lab. With `lanes`, `traffic_density` and `obstacles` the road carries other cars (Intelligent Driver " +
            "Model, MOBIL lane changes) and parked cars and cones; collisions end the episode and every episode reports " +
            "its infractions and a CARLA-style driving score. Simulator details, track files and determinism: docs/sim.md; " +
            "traffic and the score: docs/traffic.md.",
        Variants =
        [
            V("default (`observation: state`, `action: curvature`)"),
            V("`observation: lidar`", ("observation", "lidar")),
            V("`observation: topdown`", ("observation", "topdown")),
            V("`observation: camera`", ("observation", "camera")),
            V("`observation: camera, height: 200, width: 320, channels: 1`", ("observation", "camera"), ("height", 200), ("width", 320), ("channels", 1)),
            V("`action: steer_throttle`", ("action", "steer_throttle")),
            V("`action: discrete`", ("action", "discrete")),
            V("`lanes: 2, traffic_density: 10, obstacles: 2, nearest_objects: 4`", ("lanes", 2), ("traffic_density", 10), ("obstacles", 2), ("nearest_objects", 4)),
            V("`action: lane_speed, lanes: 2, max_speed: 12`", ("action", "lane_speed"), ("lanes", 2), ("max_speed", 12)),
        ],
        Actions =
        [
            new EnvDocBlock("`action: curvature` (default, MIT)", "The path curvature; the speed is held at `speed`. " +
                "Values outside the bounds are clipped; NaN counts as 0.",
                [new("curvature", "1/m")]),
            new EnvDocBlock("`action: steer_throttle`", "Road-wheel angle over the maximum steer, and throttle " +
                "(negative values brake). The car starts at `speed`. Values are clipped to [−1, 1].",
                [new("steer", "fraction of max steer"), new("throttle", "fraction of max acceleration / brake")], Variant: 5),
            new EnvDocBlock("`action: discrete`", "Five curvatures, −1/8, −1/16, 0, 1/16, 1/8 (1/m), as the index 0–4 in one float; speed held.",
                Variant: 6),
            new EnvDocBlock("`action: lane_speed`", "A lane and a target speed, as highway-env's meta-actions: the index k in one float " +
                "is lane k / 5 (0 the rightmost) at speed level k % 5, that is 0, ¼, ½, ¾ or all of `max_speed`. A fixed controller " +
                "drives: the road's curvature with feedback on the offset from the lane's centre (0.05/m², the error clamped to " +
                "±1.5 m so a lane change stays within about 9° of the road's heading) and on the heading error (0.5/m), and a " +
                "proportional speed control (2/s, within the car's acceleration and brake). The car starts at `speed`.", Variant: 8),
        ],
        Observations =
        [
            new EnvDocBlock("`observation: state` (default)", "Floats describing the car relative to the centreline: " +
                "3 + `curvature_samples` elements. ±1 in the first two is the crash limit.",
            [
                new("offset", "÷ max offset", "lateral offset of the rear axle from the centreline"),
                new("heading error", "÷ max heading error", "angle between the car and the centreline"),
                new("speed", "÷ 10 m/s"),
                new("curvature ahead", "1/m × 10", "centreline curvature sampled every `lookahead`/K m ahead, K = `curvature_samples`"),
                new("nearest objects", "see text", "with `nearest_objects: K`, 5 floats per object, nearest first: present (1/0), " +
                    "forward of the body centre ÷ `objects_range`, left ÷ the offset's scale (as above), relative forward and left speed ÷ 10 m/s; empty slots 0. " +
                    "In the car's frame, or with `objects_frame: road` along and across the road: the arc length between the body centres, the difference of their offsets, the speeds along and across the road"),
            ]),
            new EnvDocBlock("`observation: lidar`", "Distances to the road edge over `max_range`, `rays` rays spread over " +
                "`fov` degrees (180) from the body centre, right to left, stopped by other cars and obstacles too; 0 when off the road.",
                [new("ray distance", "÷ `max_range`")], Variant: 1),
            new EnvDocBlock("`observation: topdown`", "An ego-centred, heading-up raster (CarRacing-like), HWC bytes, " +
                "row 0 at the top: the body centre at column W/2, row 3H/4, `meters_per_pixel` m per pixel; road grey, " +
                "white edge lines, grass green, the car red; other cars blue, parked cars yellow, cones orange. `width`, `height` and `channels` (3: RGB, 1: luma) set the shape.",
                Variant: 2),
            new EnvDocBlock("`observation: camera`", "A first-person pinhole view (VISTA-like), HWC bytes, row 0 at the top: " +
                "`fov` degrees horizontal (90), `camera_height` m above the ground (1.5), tilted `camera_pitch` degrees down " +
                "(15); sky above the horizon; other cars and obstacles stand on the road as solid boxes (cars 1.5 m, cones 0.7 m high). The MIT lab's camera is 200×320 (second row of the table above). The " +
                "`randomize` options jitter colours, brightness and noise. With `roi` and `output_width`/`output_height` the " +
                "observation is the region of interest of the `width`×`height` frame, resized: output pixel (r, c) is the " +
                "frame pixel (top + ⌊(r + ½)·roi height / output height⌋, left + ⌊(c + ½)·roi width / output width⌋). The " +
                "renderer draws only those pixels, so the bytes equal the full frame cropped and resized, at the output's cost.",
                Variant: 3),
        ],
        Reward = "Chosen by `reward`: `survival` (default, MIT): +1 per step, 0 on the crash step. `progress`: metres gained " +
            "along the centreline in the step. `lane_centre`: progress × max(0, 1 − |offset| / max offset); with `lanes` > 1 the offset " +
            "from the nearest lane's centre over half a lane. " +
            "On a crash `crash_penalty` is subtracted (default 0).",
        StartState = "On the start line, at `speed` m/s, with a lateral offset drawn uniformly in ±0.5 m and a heading error " +
            "in ±0.05 rad; with `lanes` > 1, in the rightmost lane. Other cars and obstacles are placed from the episode's " +
            "seed, none within 20 m behind or 40 m ahead of the car. With `tracks`, each reset draws one track from the set. All draws come from the env's RNG " +
            "(re-seeded by `Reset(seed)`, continued on an autoreset).",
        Termination = "a crash: |offset| > `max_offset` (default half the road width) gives end reason `offroad`, " +
            "|heading error| > `max_heading_error` (default π/10 rad) gives `heading`. Both are measured at the rear axle; a car exactly at a limit is fine. " +
            "Touching another car gives `collision_vehicle`, an obstacle `collision_static` (oriented boxes).",
        Truncation = "after `max_steps` steps (default 1000; 0: never), applied by the env itself: end reason `time_limit`. " +
            "The registry adds no TimeLimit wrapper for this env.",
        Options =
        [
            new("observation", "state", "state, lidar, topdown, camera", "What the agent sees.", OptionRole.Interface),
            new("width", "64", "8–1024", "Image width in pixels (topdown, camera).", OptionRole.Interface),
            new("height", "64", "8–1024", "Image height in pixels (topdown, camera).", OptionRole.Interface),
            new("channels", "3", "1 or 3", "3: RGB, 1: luma (topdown, camera).", OptionRole.Interface),
            new("fov", "90 (lidar: 180)", "1–170 (lidar: 1–360)", "Camera: horizontal field of view in degrees; lidar: the rays' spread.", OptionRole.Interface),
            new("camera_height", "1.5", "0.2–20", "Camera height above the ground, m.", OptionRole.Interface),
            new("camera_pitch", "15", "−30–80", "Downward camera tilt, degrees.", OptionRole.Interface),
            new("meters_per_pixel", "0.5", "0.01–10", "Top-down scale.", OptionRole.Interface),
            new("roi.top", "0", "0 – height−1", "Camera: first row of the region of interest (VISTA's i1), in pixels of the `width`×`height` frame.", OptionRole.Interface),
            new("roi.left", "0", "0 – width−1", "Camera: first column of the region of interest (j1).", OptionRole.Interface),
            new("roi.bottom", "height", "1 – height", "Camera: the row below the region of interest (i2, exclusive).", OptionRole.Interface),
            new("roi.right", "width", "1 – width", "Camera: the column right of the region of interest (j2, exclusive).", OptionRole.Interface),
            new("output_width", "the ROI's width", "4–1024", "Camera: the observation's width; the ROI is drawn straight at this size (nearest pixel).", OptionRole.Interface),
            new("output_height", "the ROI's height", "4–1024", "Camera: the observation's height.", OptionRole.Interface),
            new("randomize.colors", "false", "true, false", "Jitter road, grass, sky and line colours at each reset (images)."),
            new("randomize.brightness", "0", "0–1", "Scale all colours by a factor in [1 − b, 1 + b] at each reset (images)."),
            new("randomize.noise", "0", "0–255", "Uniform pixel noise in [−n, n] on every frame (images)."),
            new("rays", "32", "1–4096", "Lidar rays.", OptionRole.Interface),
            new("max_range", "30", "1–1000", "Lidar range, m.", OptionRole.Interface),
            new("curvature_samples", "6", "0–256", "State: curvature samples ahead.", OptionRole.Interface),
            new("nearest_objects", "0", "0–16", "State: the nearest K other cars and obstacles appended (5 floats each).", OptionRole.Interface),
            new("objects_range", "50", "1–1000", "State: objects farther than this (m) are left out of the nearest K.", OptionRole.Interface),
            new("objects_frame", "car", "car, road", "State: the nearest objects in the car's frame, or along and across the road (on a bend the car's frame shifts an object ahead sideways).", OptionRole.Interface),
            new("lookahead", "30", "1–1000", "State: distance the curvature samples cover, m.", OptionRole.Interface),
            new("action", "curvature", "curvature, steer_throttle, discrete, lane_speed", "The action space (see Action space).", OptionRole.Interface),
            new("speed", "10", "0–30 (≤ `max_speed`)", "Speed in m/s: held in curvature and discrete modes, the start speed with a throttle or `lane_speed`."),
            new("max_speed", "30", "0.5–30", "The car's top speed, m/s: a limiter for `action: steer_throttle`, the top level of `lane_speed`."),
            new("dynamics", "kinematic", "kinematic, dynamic", "Kinematic bicycle (MIT) or dynamic bicycle with tyre slip."),
            new("dt", "1/15", "0.001–1", "Time step, s."),
            new("reward", "survival", "survival, progress, lane_centre", "The reward (see Rewards)."),
            new("crash_penalty", "0", "0–1e6", "Subtracted from the reward on a crash."),
            new("max_offset", "road width / 2", "0.01–100", "Crash offset, m."),
            new("max_heading_error", "π/10", "0.001–π", "Crash heading error, rad."),
            new("max_steps", "1000", "≥ 0 (0: none)", "Steps before truncation."),
            new("track", "0", "a seed, a track name or a file", "One track: a procedural seed, or a track file (`oval`, `experiments/tracks/oval.track`). Not with `tracks`."),
            new("tracks", "—", "seeds: `0-99`, `1,5,9-12` or a list", "Procedural seeds, one drawn at each reset. Not with `track`."),
            new("track_length_min", "400", "50–100000", "Procedural tracks: shortest length, m."),
            new("track_length_max", "800", "50–100000", "Procedural tracks: longest length, m."),
            new("lane_width", "4", "0.5–30", "Lane width, m; the road is `lanes` × `lane_width` wide."),
            new("lanes", "1", "1–8 (road ≤ 30 m)", "Lanes, all in the track's direction; lane 0 is the rightmost."),
            new("traffic_density", "0", "0–200", "Other cars per km of road (IDM, MOBIL lane changes)."),
            new("obstacles", "0", "0–50", "Static obstacles per km: parked cars and cones, at least 30 m apart."),
            new("traffic_speed", "6", "0.5–30", "The other cars' mean desired speed, m/s (each ±20 %)."),
            new("traffic_far_step", "1", "0–10", "How often a car farther along the road than the sensors' reach + 10 m is stepped, s (0: every car every step)."),
            new("max_curvature", "0.08", "0.0001–1", "Procedural tracks: the sharpest bend, 1/m."),
        ],
        Info =
        [
            new EnvInfoDoc("return", "sum of the rewards"),
            new EnvInfoDoc("length", "steps in the episode"),
            new EnvInfoDoc("distance", "the farthest progress along the centreline, m (the MIT metric: distance without a crash)"),
            new EnvInfoDoc("laps", "laps completed"),
            new EnvInfoDoc("best_lap_time", "the fastest lap, s; NaN without a lap"),
            new EnvInfoDoc("route_completion", "the fraction of the route (one lap) driven, in [0, 1]"),
            new EnvInfoDoc("driving_score", "route_completion × 0.60 per vehicle collision × 0.65 per static collision × 0.65 per exit from the road (CARLA Leaderboard 2.0 coefficients; docs/traffic.md)"),
            new EnvInfoDoc("collisions_vehicle", "collisions with other cars"),
            new EnvInfoDoc("collisions_static", "collisions with parked cars and cones"),
            new EnvInfoDoc("offroad", "times the rear axle left the road"),
            new EnvInfoDoc("wrong_way", "times the car turned against the lane direction (|heading error| > π/2; possible only with a larger `max_heading_error`)"),
            new EnvInfoDoc("end_reason", "`offroad`, `heading`, `collision_vehicle`, `collision_static` or `time_limit`"),
            new EnvInfoDoc("track", "the track's seed or name (eval.json)"),
        ],
        Versions =
        [
            new EnvVersionDoc("1", "State, lidar, top-down and camera observations; curvature, steer-throttle and discrete actions; MIT VISTA rules and rewards."),
            new EnvVersionDoc("2", "Lanes, IDM/MOBIL traffic, obstacles, collisions, infractions and the driving score; `lanes: 1` without traffic gives version 1's episodes exactly."),
            new EnvVersionDoc("3", "Cars beyond the sensors' reach + 10 m along the road are stepped every `traffic_far_step` (1 s) instead of every step, and MOBIL scans each lane once per decision."),
        ],
    };
}
