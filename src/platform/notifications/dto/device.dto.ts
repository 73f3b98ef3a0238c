import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsString, IsUrl, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { DEVICE_KINDS, DeviceKind, NotificationDevice } from '../store/entities/notification-device.entity';

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** The keys of a browser's PushSubscription (`subscription.toJSON().keys`). */
export class WebPushKeysDto {
  /** The browser's P-256 public key, base64url (65 bytes uncompressed). */
  @IsString()
  @Matches(BASE64URL, { message: 'p256dh must be base64url.' })
  @MaxLength(128)
  p256dh: string;

  /** The 16-byte authentication secret, base64url. */
  @IsString()
  @Matches(BASE64URL, { message: 'auth must be base64url.' })
  @MaxLength(64)
  auth: string;
}

/** A browser's push subscription as `PushSubscription.toJSON()` gives it. */
export class WebPushSubscriptionDto {
  @IsString()
  @MaxLength(2048)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false })
  endpoint: string;

  @IsObject()
  @ValidateNested()
  @Type(() => WebPushKeysDto)
  keys: WebPushKeysDto;
}

/** `web` takes a push subscription; `ios` and `android` take the app's token and id. */
export class RegisterDeviceDto {
  @ApiProperty({ enum: DEVICE_KINDS })
  @IsIn(DEVICE_KINDS)
  platform: DeviceKind;

  /** Required for `web`. */
  @ApiProperty({ type: WebPushSubscriptionDto, required: false })
  @ValidateIf((dto: RegisterDeviceDto) => dto.platform === 'web')
  @IsObject()
  @ValidateNested()
  @Type(() => WebPushSubscriptionDto)
  subscription?: WebPushSubscriptionDto;

  /** Required for `ios` (APNs device token) and `android` (FCM registration token). */
  @ApiProperty({ required: false, maxLength: 4096 })
  @ValidateIf((dto: RegisterDeviceDto) => dto.platform !== 'web')
  @IsString()
  @Matches(/^[\w:.-]+$/, { message: 'token must be a push token.' })
  @MaxLength(4096)
  token?: string;

  /** Required for `ios` (the bundle id) and `android` (the package name). */
  @ApiProperty({ required: false, maxLength: 255 })
  @ValidateIf((dto: RegisterDeviceDto) => dto.platform !== 'web')
  @IsString()
  @Matches(/^[\w.-]+$/, { message: 'app_id must be an application id such as com.example.chat.' })
  @MaxLength(255)
  app_id?: string;
}

export class DeviceResponse {
  id: string;
  @ApiProperty({ enum: DEVICE_KINDS })
  platform: DeviceKind;
  /** Web push: the push service's address (keys are never shown). */
  endpoint: string | null;
  app_id: string | null;
  created_at: string;
  updated_at: string;
}

export class DeviceListResponse {
  results: DeviceResponse[];
}

export function toDeviceResponse(d: NotificationDevice): DeviceResponse {
  return {
    id: d.id,
    platform: d.kind,
    endpoint: d.endpoint,
    app_id: d.appId,
    created_at: d.createdAt.toISOString(),
    updated_at: d.updatedAt.toISOString(),
  };
}
