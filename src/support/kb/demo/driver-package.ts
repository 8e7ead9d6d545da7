/**
 * The demo download: a small, real tool package for bidders — how to install
 * the USB key vendor's driver, and scripts that check the key is seen by the
 * system (Windows: smart-card devices and certutil; Linux: pkcs11-tool).
 * It is not a vendor driver (we do not ship one); it says so in its README.
 */
import { zip } from "./zip.js";

export const DRIVER_PACKAGE = {
  fileName: "landtrade-usbkey-tools-1.0.0.zip",
  version: "1.0.0",
  platform: "Windows 7+ / Linux",
  contentType: "application/zip",
};

const README = `长沙县国土资源局网上交易系统 —— USBKey 检测工具 1.0.0
================================================

本工具包用于检查 USBKey（数字证书介质）是否被电脑正确识别，并说明驱动的安装步骤。
它不包含 USBKey 厂商的驱动程序本身：驱动请按 USBKey 外壳或随附说明上的厂商型号，
从帮助中心“驱动下载”页面或厂商官网下载。

一、安装驱动
 1. 拔下 USBKey，关闭所有浏览器窗口。
 2. 如曾安装旧版驱动，先在“控制面板 → 程序和功能”中卸载，并重启电脑。
 3. 右键驱动安装程序，选择“以管理员身份运行”；杀毒软件弹出拦截时选择“允许”。
 4. 安装完成后插入 USBKey，等待系统提示“设备已可以使用”。

二、检查 USBKey 是否被识别
 Windows：右键 check-usbkey.ps1 → “使用 PowerShell 运行”。
          正常时会列出智能卡读卡器，并显示卡内证书的主题（CN=…）。
 Linux：  sh check-usbkey.sh /厂商提供的/pkcs11模块.so
          正常时会列出插槽（Slot）和卡内的证书对象。

三、校验下载文件
 帮助中心的下载页面显示每个文件的 SHA-256。下载后请核对：
 Windows：certutil -hashfile landtrade-usbkey-tools-1.0.0.zip SHA256
 Linux：  sha256sum landtrade-usbkey-tools-1.0.0.zip
 两者不一致时不要使用该文件，请重新下载或联系技术支持。

四、仍有问题
 打开帮助中心的“自助诊断”（/help/diagnose），检测完成后可一键提交故障报告。
`;

const PS1 = `# 检查 USBKey 是否被 Windows 识别（只读，不修改任何设置）
Write-Host "== 智能卡读卡器 / USBKey 设备 =="
Get-PnpDevice -PresentOnly | Where-Object { $_.Class -in @('SmartCardReader', 'SmartCard') } |
  Format-Table -AutoSize Status, Class, FriendlyName
Write-Host ""
Write-Host "== 卡内证书（certutil -scinfo）=="
certutil -scinfo -silent | Select-String -Pattern 'Subject|Issuer|NotAfter|Reader'
Write-Host ""
Write-Host "如上面没有任何设备，请重新安装驱动或更换 USB 接口后再试。"
Read-Host "按回车键退出"
`;

const SH = `#!/bin/sh
# 检查 USBKey 是否能通过 PKCS#11 模块访问（只读）。
# 用法: sh check-usbkey.sh [PKCS#11 模块路径]
set -u
MODULE="\${1:-/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so}"
if ! command -v pkcs11-tool >/dev/null 2>&1; then
  echo "未找到 pkcs11-tool：请先安装 opensc（Debian/Ubuntu: sudo apt-get install opensc）" >&2
  exit 2
fi
if [ ! -r "$MODULE" ]; then
  echo "找不到 PKCS#11 模块: $MODULE —— 请安装 USBKey 厂商驱动，或在参数中给出模块路径" >&2
  exit 2
fi
echo "== 插槽 =="
pkcs11-tool --module "$MODULE" --list-slots || exit 1
echo "== 证书对象 =="
pkcs11-tool --module "$MODULE" --list-objects --type cert || exit 1
`;

const enc = (s: string) => new TextEncoder().encode(s);

/** The package bytes; identical on every call. README and the .ps1 carry a BOM so Windows tools read them as UTF-8. */
export function driverPackage(): Uint8Array {
  const bom = "\ufeff";
  return zip([
    { name: "README-请先阅读.txt", data: enc(bom + README.replace(/\n/g, "\r\n")) },
    { name: "check-usbkey.ps1", data: enc(bom + PS1.replace(/\n/g, "\r\n")) },
    { name: "check-usbkey.sh", data: enc(SH) },
  ]);
}
