// Nothing leaked: what reaches the unanswered log and the quarterly report, who may read a
// staff answer, and what the logger lets through.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { PROJECT_ROOT } from '../src/app/paths.ts';
import { answerFeedback } from '../src/feedback/staff-actions.ts';
import { createLogger } from '../src/logging/log.ts';
import { maskPersonalData } from '../src/privacy/personal-data.ts';
import { maskPhones } from '../src/privacy/phones.ts';
import { openHarness, type Harness } from './helpers/bot-harness.ts';
import { tempDataDir } from './helpers/feedback-fixtures.ts';

async function fileFeedback(h: Harness, user: string, phone = '0912 345 678'): Promise<string> {
  await h.press('fb:start', user);
  await h.say('Đường vào tổ dân phố 3 ngập nước mỗi khi mưa, đề nghị phường nạo vét cống.', user);
  await h.say('đồng ý', user);
  await h.say('Lê Thị Hoa', user);
  await h.say(phone, user);
  return /PA-[A-Z0-9]{6}/.exec(h.text(await h.say('gửi', user)))![0];
}

describe('the unanswered log', () => {
  it('keeps questions only, with phone numbers masked in every spelling', async () => {
    const h = await openHarness();
    const typed = [
      'Nguyễn Văn An',
      'asdfghjkl',
      'đm bot ngu',
      '<img src=x onerror=alert(1)>',
      'giá vàng hôm nay thế nào, gọi 0912/345/678 nhé',
      'lãi suất tiết kiệm bao nhiêu, số tôi ０９１２３４５６７８',
      'vé xem bóng đá ở đâu, liên hệ O912 345 678',
    ];
    for (const text of typed) await h.say(text);
    const logged = (await h.bot.feedback.unanswered()).map((q) => q.query);
    expect(logged).toHaveLength(3);
    for (const q of logged) {
      expect(q).not.toMatch(/912|９１２/);
      expect(q).toContain('[số đã ẩn]');
    }
    expect(logged.join('\n')).not.toMatch(/Nguyễn|asdf|đm|<img/);
    await h.bot.close();
  });

  it('never gets a name typed after the terminal chat restarts in the middle of a feedback', () => {
    const dir = tempDataDir();
    const chat = (lines: string[]) =>
      spawnSync('npm', ['run', '-s', 'cli', '--', 'chat'], { cwd: PROJECT_ROOT, encoding: 'utf8', input: lines.join('\n') + '\n', env: { ...process.env, TTHC_DATA_DIR: dir } });
    const first = chat(['/phananh', 'Cán bộ một cửa hẹn trả hồ sơ ba lần vẫn chưa trả, đề nghị xem xét.', 'đồng ý']);
    expect(first.status, first.stderr).toBe(0);
    const second = chat(['Nguyễn Văn An']);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/đang gửi dở/);
    expect(second.stdout).toMatch(/Số điện thoại/);
    const report = spawnSync('npm', ['run', '-s', 'cli', '--', 'feedback', 'report'], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, TTHC_DATA_DIR: dir } });
    expect(report.status).toBe(0);
    expect(report.stdout).not.toMatch(/Nguyễn/);
  });
});

describe('/tracuu', () => {
  it('shows the staff answer to the sender only, or after the last four phone digits', async () => {
    const h = await openHarness();
    const code = await fileFeedback(h, 'owner', '0912 345 678');
    await answerFeedback(h.bot.feedback, h.bot.outbox, code, 'Phường đã cử công nhân nạo vét ngày 02/12.', 'can-bo');

    expect(h.text(await h.say(`/tracuu ${code}`, 'owner'))).toMatch(/nạo vét ngày 02\/12/);

    const stranger = h.text(await h.say(`/tracuu ${code}`, 'stranger'));
    expect(stranger).toMatch(/Đã trả lời/);
    expect(stranger).not.toMatch(/nạo vét ngày/);
    expect(stranger).toMatch(/4 số cuối/);
    expect(h.text(await h.say('1234', 'stranger'))).toMatch(/chưa khớp/);
    expect(h.text(await h.say('5678', 'stranger'))).toMatch(/nạo vét ngày 02\/12/);

    // Guessing is cut off after a few tries.
    await h.say(`/tracuu ${code}`, 'guesser');
    for (let i = 0; i < 5; i++) await h.say(String(1000 + i), 'guesser');
    expect(h.text(await h.say(`/tracuu ${code}`, 'guesser'))).not.toMatch(/4 số cuối/);
    expect(h.text(await h.say('5678', 'guesser'))).not.toMatch(/nạo vét ngày/);
    await h.bot.close();
  });
});

describe('the logger', () => {
  it('redacts tokens, secrets, phone numbers and personal fields by itself', () => {
    const out = new PassThrough();
    let written = '';
    out.on('data', (c) => (written += c));
    const token = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
    const log = createLogger({ level: 'info', secrets: ['s3cret-pass-word'], destination: out, pretty: false });
    log.info(`gọi https://api.telegram.org/bot${token}/getMe thất bại`);
    log.warn('người dân để lại số 0912.345.678 và mật khẩu s3cret-pass-word');
    log.error({ sender: { name: 'Nguyễn Văn An', phone: '0912345678' }, name: 'Trần B', code: 'PA-ACDEFG' }, 'phản ánh mới');
    log.error({ err: new Error(`postgres://tthc:hunter2pass@db/tthc refused, token ${token}`) }, 'lỗi kết nối');
    const lines = written.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(written).not.toContain(token);
    expect(written).not.toContain('AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw');
    // Without the logger's own numbers (time, pid), where "0912" may well occur by chance.
    const content = written.replace(/"(time|pid)":\d+/g, '');
    expect(content).not.toMatch(/0912|345\.678|s3cret-pass-word|hunter2pass|Nguyễn|Trần B/);
    expect(written).toContain('PA-ACDEFG');
    expect(lines[0]!.level).toBe(30);
  });

  it('masks phones typed with separators, full-width digits or a letter for a digit', () => {
    for (const p of ['0912/345/678', '０９１２３４５６７８', 'O912 345 678', '09l2.345.678', '+84 912 345 678']) expect(maskPhones(`gọi ${p} nhé`)).toBe('gọi [số đã ẩn] nhé');
    for (const text of ['ngày 12/05/2024', 'lệ phí 1.500.000 đồng', 'Lời chào']) expect(maskPhones(text)).toBe(text);
  });
});

describe('maskPersonalData', () => {
  it('masks names where Vietnamese puts them, e-mails and phones, and leaves places and questions alone', () => {
    const cases: [string, string][] = [
      ['tôi là Nguyễn Văn An, cho hỏi làm giấy khai sinh', 'tôi là [tên đã ẩn], cho hỏi làm giấy khai sinh'],
      ['toi la nguyen van an cho hoi lam so do', 'toi la [tên đã ẩn] cho hoi lam so do'],
      ['em tên lan muốn hỏi tạm trú', 'em tên [tên đã ẩn] muốn hỏi tạm trú'],
      ['họ tên: Lê Văn Tám, số 0912 345 678', 'họ tên: [tên đã ẩn], số [số đã ẩn]'],
      ['Trần Thị Bình hỏi về đăng ký kết hôn', '[tên đã ẩn] hỏi về đăng ký kết hôn'],
      ['gửi vào lan.nguyen@gmail.com nhé', 'gửi vào [email đã ẩn] nhé'],
    ];
    for (const [text, masked] of cases) expect(maskPersonalData(text)).toBe(masked);
    for (const text of ['tôi là sinh viên năm nhất', 'tôi là giáo viên', 'làm căn cước ở thành phố Hồ Chí Minh', 'tỉnh Lâm Đồng cấp sổ đỏ bao lâu', 'đổi tên cho con được không', 'Hà Nội có làm khai sinh online không', 'đường Trần Hưng Đạo có làm căn cước'])
      expect(maskPersonalData(text)).toBe(text);
  });
});
