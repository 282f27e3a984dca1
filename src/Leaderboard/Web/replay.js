// Draws the practice episode of a submission: the track (a polyline with its width) and the car's poses, with play, pause and scrub.
(function () {
  const canvas = document.getElementById('replay');
  if (!canvas) return;
  const ctx = canvas.getContext('2d');
  const scrub = document.getElementById('scrub');
  const label = document.getElementById('frame');
  let data = null, frame = 0, timer = null;

  function transform() {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const [x, y] of data.track) { minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y); }
    const pad = data.width * 2;
    const scale = Math.min(canvas.width / (maxX - minX + 2 * pad), canvas.height / (maxY - minY + 2 * pad));
    return { scale, x: (x) => (x - minX + pad) * scale, y: (y) => canvas.height - (y - minY + pad) * scale };
  }

  function draw() {
    const t = transform();
    ctx.fillStyle = '#2d6b2d';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#555';
    ctx.lineWidth = Math.max(2, data.width * t.scale);
    ctx.beginPath();
    data.track.forEach(([x, y], i) => i === 0 ? ctx.moveTo(t.x(x), t.y(y)) : ctx.lineTo(t.x(x), t.y(y)));
    ctx.closePath();
    ctx.stroke();
    ctx.strokeStyle = '#ffd400';
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let i = 0; i <= frame && i < data.poses.length; i++) {
      const [x, y] = data.poses[i];
      i === 0 ? ctx.moveTo(t.x(x), t.y(y)) : ctx.lineTo(t.x(x), t.y(y));
    }
    ctx.stroke();
    const pose = data.poses[Math.min(frame, data.poses.length - 1)];
    if (pose) {
      ctx.save();
      ctx.translate(t.x(pose[0]), t.y(pose[1]));
      ctx.rotate(-pose[2]);
      ctx.fillStyle = '#e22';
      const l = Math.max(6, 4 * t.scale), w = Math.max(3, 2 * t.scale);
      ctx.fillRect(-l / 2, -w / 2, l, w);
      ctx.restore();
    }
    scrub.value = String(frame);
    label.textContent = (frame * data.dt).toFixed(1) + ' s';
  }

  function play() {
    if (timer || !data) return;
    timer = setInterval(() => { if (frame >= data.poses.length - 1) { pause(); return; } frame++; draw(); }, 1000 * data.dt);
  }
  function pause() { clearInterval(timer); timer = null; }

  document.getElementById('play').addEventListener('click', play);
  document.getElementById('pause').addEventListener('click', pause);
  scrub.addEventListener('input', () => { pause(); frame = Number(scrub.value); draw(); });

  fetch(canvas.dataset.src).then((r) => r.json()).then((d) => {
    data = d;
    scrub.max = String(Math.max(0, d.poses.length - 1));
    frame = d.poses.length - 1;
    draw();
    canvas.dataset.drawn = 'true';
  });
})();
