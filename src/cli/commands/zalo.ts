// `zalo login`: logs the bot's Zalo account in by QR code and saves the session in the
// data folder (mode 0600) for `npm start`.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../app/config.ts';
import { qrMatrixFromPng, renderQrForTerminal } from '../../channels/zalo/qr-terminal.ts';
import { loginWithQr, QR_VALID_SECONDS } from '../../channels/zalo/zalo-login.ts';

/** What to do with the QR, whether it could be drawn in the terminal or only saved as an image. */
export function scanInstructions(drawn: boolean, pngPath: string): string {
  return (
    `${drawn ? 'Quét mã QR trên' : 'Không vẽ được mã QR trong cửa sổ này; mở ảnh'} (ảnh cũng được lưu ở ${pngPath}) ` +
    `bằng ứng dụng Zalo của TÀI KHOẢN DÀNH RIÊNG cho bot (Zalo → Quét mã QR), rồi bấm xác nhận trên điện thoại. ` +
    `Mã chỉ dùng được khoảng ${QR_VALID_SECONDS} giây, tính cả lúc quét và lúc xác nhận.`
  );
}

export function registerZaloCommands(program: Command): void {
  const zalo = program.command('zalo').description('Kênh Zalo (tài khoản cá nhân, API không chính thức zca-js)');
  zalo
    .command('login')
    .description('Đăng nhập tài khoản Zalo của bot bằng mã QR và lưu phiên vào thư mục dữ liệu')
    .action(async () => {
      const dataDir = loadConfig().TTHC_DATA_DIR;
      try {
        const saved = await loginWithQr(dataDir, {
          onQr: (png) => {
            const matrix = qrMatrixFromPng(readFileSync(png));
            if (matrix) console.log(`\n${renderQrForTerminal(matrix)}\n`);
            console.log(scanInstructions(matrix !== undefined, png));
          },
          onScanned: () => console.log('Đã quét mã, hãy bấm xác nhận đăng nhập trên điện thoại…'),
        });
        console.log(`Đã đăng nhập Zalo. Phiên được lưu ở ${saved} (chỉ chủ sở hữu đọc được). Bật kênh bằng ZALO_ENABLED=true rồi chạy npm start.`);
      } catch (err) {
        console.error((err as Error).message);
        process.exitCode = 1;
      }
    });
}
